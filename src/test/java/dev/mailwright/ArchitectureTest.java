package dev.mailwright;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency directions of ARCHITECTURE.md §2 and STYLE.md §0, enforced. */
@AnalyzeClasses(packages = "dev.mailwright", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule storeDependsOnNoProtocolOrWeb = noClasses().that().resideInAPackage("dev.mailwright.store..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.mailwright.smtp..", "dev.mailwright.imap..", "dev.mailwright.delivery..", "dev.mailwright.web..",
                    "dev.mailwright.net..", "dev.mailwright.auth..");

    @ArchTest
    static final ArchRule netKnowsNoProtocol = noClasses().that().resideInAPackage("dev.mailwright.net..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.mailwright.smtp..", "dev.mailwright.imap..", "dev.mailwright.web..", "dev.mailwright.delivery..");

    @ArchTest
    static final ArchRule protocolsDoNotUseWeb = noClasses().that().resideInAnyPackage("dev.mailwright.smtp..", "dev.mailwright.imap..")
            .should().dependOnClassesThat().resideInAPackage("dev.mailwright.web..");

    @ArchTest
    static final ArchRule webDoesNotUseProtocols = noClasses().that().resideInAPackage("dev.mailwright.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.mailwright.smtp..", "dev.mailwright.imap..", "dev.mailwright.net..");

    @ArchTest
    static final ArchRule smtpAndImapAreIndependent = slices().matching("dev.mailwright.(smtp|imap)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule imapWireAndCommandDoNotTouchStore = noClasses()
            .that().resideInAnyPackage("dev.mailwright.imap.wire..", "dev.mailwright.imap.command..")
            .should().dependOnClassesThat().resideInAPackage("dev.mailwright.store..");

    @ArchTest
    static final ArchRule noDumpingGroundPackages = noClasses().should().resideInAnyPackage(
            "..util..", "..utils..", "..common..", "..helper..", "..helpers..", "..misc..");

    @ArchTest
    static final ArchRule entitiesStayInStore = noClasses().that().resideOutsideOfPackage("dev.mailwright.store..")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);
}
