package dev.mailwright.imap.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.FetchItem.*;
import dev.mailwright.imap.command.MailboxCommand.*;
import dev.mailwright.imap.command.MessageCommand.*;
import dev.mailwright.imap.command.SearchKey.*;
import dev.mailwright.imap.wire.FramePart;
import dev.mailwright.imap.wire.ImapEncoder;
import dev.mailwright.imap.wire.ImapEncoder.NameEncoding;
import dev.mailwright.imap.wire.LiteralData;
import dev.mailwright.imap.wire.ResponseOutput;

class ImapParserTest {

    private static ImapCommand parse(String line) {
        return ImapParser.parse(List.of(new FramePart.Line(line)), NameEncoding.MODIFIED_UTF7);
    }

    /** Found by ImapCommandFuzzTest: the parameter list was skipped by characters past the line's end, ~2^31 steps. */
    @Test
    void createParametersShouldSkipALiteralAndEndAtTheCommandsEnd() {
        List<FramePart> withLiteral = List.of(new FramePart.Line("a1 CREATE Drafts (USE {7}"),
                new FramePart.Literal(new LiteralData.InMemory("\\Drafts".getBytes(StandardCharsets.US_ASCII))), new FramePart.Line(")"));
        assertThat(ImapParser.parse(withLiteral, NameEncoding.MODIFIED_UTF7)).isEqualTo(new Create("a1", "Drafts"));

        List<FramePart> unbalanced = List.of(new FramePart.Line("a2 CREATE x ({1}"),
                new FramePart.Literal(new LiteralData.InMemory(new byte[] {'y'})), new FramePart.Line(""));
        assertThatThrownBy(() -> ImapParser.parse(unbalanced, NameEncoding.MODIFIED_UTF7))
                .isInstanceOf(DecodeException.class).hasMessage("Unbalanced parentheses");
    }

    /** Found by ImapCommandFuzzTest's corpus: a spooled literal read as a string threw IllegalStateException. */
    @Test
    void spooledLiteralWhereAStringBelongsShouldBeBad() {
        List<FramePart> parts = List.of(new FramePart.Line("a1 APPEND {300000}"),
                new FramePart.Literal(new LiteralData.Spooled(java.nio.file.Path.of("never-read"), 300_000)),
                new FramePart.Line(" {5}"), new FramePart.Literal(new LiteralData.InMemory(new byte[5])), new FramePart.Line(""));
        assertThatThrownBy(() -> ImapParser.parse(parts, NameEncoding.MODIFIED_UTF7))
                .isInstanceOf(DecodeException.class).hasMessage("Literal too large for a string");
    }

    @Test
    void commandNamesAndItemsShouldBeCaseInsensitive() {
        assertThat(parse("a1 uid store 8 +Flags (\\Flagged)")).isEqualTo(new Store("a1",
                new NumSet.Uids(List.of(new NumSet.Range(8, 8))), Optional.empty(), StoreOperation.ADD, StoreReply.REPORT,
                List.of("\\Flagged")));
        assertThat(parse("a2 select inbox")).isEqualTo(new Select("a2", "INBOX", SelectMode.READ_WRITE, Set.of()));
    }

    @Test
    void selectShouldAcceptTheCondstoreParameterAsIosSendsIt() {
        assertThat(parse("a1 SELECT \"INBOX\" (CONDSTORE)"))
                .isEqualTo(new Select("a1", "INBOX", SelectMode.READ_WRITE, EnumSet.of(SelectParameter.CONDSTORE)));
    }

    @Test
    void listShouldParseThunderbirdsExtendedForm() {
        assertThat(parse("5 list (subscribed) \"\" \"*\" return (special-use)")).isEqualTo(new ListMailboxes("5",
                ListMailboxes.Kind.LIST, EnumSet.of(ListSelection.SUBSCRIBED), "", List.of("*"), EnumSet.of(ListReturn.SPECIAL_USE)));
        assertThat(parse("6 LIST \"\" %")).isEqualTo(new ListMailboxes("6", ListMailboxes.Kind.LIST,
                EnumSet.noneOf(ListSelection.class), "", List.of("%"), EnumSet.noneOf(ListReturn.class)));
    }

    @Test
    void fetchShouldParseSectionsPartialsAndMacros() {
        Fetch fetch = (Fetch) parse("a1 FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE From)] BODY[1.2.MIME] BODY.PEEK[TEXT]<0.2048>)");
        assertThat(fetch.messages()).isEqualTo(new NumSet.Sequence(List.of(new NumSet.Range(1, NumSet.STAR))));
        assertThat(fetch.items()).containsExactly(new Uid(), new Flags(),
                new Section(Peek.PEEK, List.of(), SectionText.HEADER_FIELDS, List.of("DATE", "From"), Optional.empty()),
                new Section(Peek.SET_SEEN, List.of(1, 2), SectionText.MIME, List.of(), Optional.empty()),
                new Section(Peek.PEEK, List.of(), SectionText.TEXT, List.of(), Optional.of(new Partial(0, 2048))));
        assertThat(((Fetch) parse("a2 fetch 2 full")).items())
                .containsExactly(new Flags(), new InternalDate(), new Rfc822Size(), new Envelope(), new Body());
        assertThat(((Fetch) parse("a3 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12)")).changedSince()).hasValue(12L);
    }

    @Test
    void searchShouldParseTheWholeGrammar() {
        Search search = (Search) parse("a1 UID SEARCH CHARSET UTF-8 OR FROM alice NOT SEEN 2:4,* SINCE 1-Feb-2024 HEADER X-Y \"z w\"");
        assertThat(search.numbering()).isEqualTo(Numbering.UID);
        assertThat(search.charset()).hasValue("UTF-8");
        assertThat(search.key()).isEqualTo(new And(List.of(
                new Or(new HeaderContains("FROM", "alice"), new Not(new HasFlag("\\Seen"))),
                new InSet(new NumSet.Sequence(List.of(new NumSet.Range(2, 4), new NumSet.Range(NumSet.STAR, NumSet.STAR)))),
                new DateKey(DateField.INTERNAL, DateRelation.SINCE, LocalDate.of(2024, 2, 1)),
                new HeaderContains("X-Y", "z w"))));
    }

    @Test
    void appendShouldTakeFlagsDateAndTheLiteral() {
        List<FramePart> parts = List.of(new FramePart.Line("a1 APPEND Sent (\\Seen) \" 7-Feb-1994 21:52:25 -0800\" {5}"),
                new FramePart.Literal(new LiteralData.InMemory("hello".getBytes(StandardCharsets.US_ASCII))),
                new FramePart.Line(""));
        Append append = (Append) ImapParser.parse(parts, NameEncoding.MODIFIED_UTF7);
        assertThat(append.mailbox()).isEqualTo("Sent");
        assertThat(append.messages()).hasSize(1);
        AppendMessage message = append.messages().getFirst();
        assertThat(message.flags()).containsExactly("\\Seen");
        assertThat(message.date().orElseThrow().toInstant().toString()).isEqualTo("1994-02-08T05:52:25Z");
        assertThat(((AppendContent.Literal) message.content()).data().text()).isEqualTo("hello");
    }

    @Test
    void multiappendShouldTakeEachMessageWithItsOwnFlagsDateFormAndLiteralKind() {
        LiteralData one = new LiteralData.InMemory("one".getBytes(StandardCharsets.US_ASCII));
        LiteralData two = new LiteralData.InMemory("two".getBytes(StandardCharsets.US_ASCII));
        LiteralData three = new LiteralData.InMemory("3".getBytes(StandardCharsets.US_ASCII));
        List<FramePart> parts = List.of(new FramePart.Line("a1 APPEND INBOX (\\Seen) {3}"), new FramePart.Literal(one),
                new FramePart.Line(" \" 7-Feb-1994 21:52:25 -0800\" ~{3}"), new FramePart.Literal(two),
                new FramePart.Line(" CATENATE (URL \"/INBOX/;UID=1\" TEXT {1+}"), new FramePart.Literal(three),
                new FramePart.Line(")"));
        Append append = (Append) ImapParser.parse(parts, NameEncoding.MODIFIED_UTF7);
        assertThat(append.messages()).containsExactly(
                new AppendMessage(List.of("\\Seen"), Optional.empty(), new AppendContent.Literal(one)),
                new AppendMessage(List.of(), Optional.of(java.time.ZonedDateTime.parse("1994-02-07T21:52:25-08:00")),
                        new AppendContent.Literal(two, MailboxCommand.LiteralKind.BINARY)),
                new AppendMessage(List.of(), Optional.empty(), new AppendContent.Catenate(List.of(
                        new CatenatePart.Url("/INBOX/;UID=1"), new CatenatePart.Text(three)))));
    }

    @Test
    void catenateShouldRefuseUnknownPartsAndAnEmptyList() {
        assertThatThrownBy(() -> parse("a1 APPEND INBOX CATENATE (FOO \"x\")")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a1 APPEND INBOX CATENATE ()")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a1 APPEND INBOX CATENATE (TEXT \"quoted\")")).isInstanceOf(DecodeException.class);
    }

    @Test
    void binaryFetchItemsShouldTakePartNumbersOnly() {
        Fetch fetch = (Fetch) parse("a1 FETCH 1 (BINARY[1.2]<5.10> BINARY.PEEK[] BINARY.SIZE[3])");
        assertThat(fetch.items()).containsExactly(
                new Binary(Peek.SET_SEEN, List.of(1, 2), Optional.of(new Partial(5, 10))),
                new Binary(Peek.PEEK, List.of(), Optional.empty()),
                new BinarySize(List.of(3)));
        assertThatThrownBy(() -> parse("a1 FETCH 1 BINARY[1.TEXT]")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a1 FETCH 1 BINARY.SIZE[1]<0.5>")).isInstanceOf(DecodeException.class);
    }

    @Test
    void sectionOfAnImapUrlShouldParseAsABodyPeekSection() {
        assertThat(ImapParser.section("1.HEADER.FIELDS (Subject)")).hasValue(
                new Section(Peek.PEEK, List.of(1), SectionText.HEADER_FIELDS, List.of("Subject"), Optional.empty()));
        assertThat(ImapParser.section("HEADER]<0.5>")).isEmpty();
        assertThat(ImapParser.section("1.FOO")).isEmpty();
        assertThat(ImapParser.section("1\r\nA2 LOGOUT")).isEmpty();
    }

    @Test
    void mailboxNamesShouldBeDecodedFromModifiedUtf7UnlessUtf8IsEnabled() {
        assertThat(((Create) parse("a1 CREATE \"Entw&APw-rfe\"")).mailbox()).isEqualTo("Entwürfe");
        assertThat(((Create) ImapParser.parse(List.of(new FramePart.Line("a1 CREATE \"Entwürfe\"")), NameEncoding.UTF8)).mailbox())
                .isEqualTo("Entwürfe");
        assertThatThrownBy(() -> parse("a1 CREATE \"bad&-&Zz\"")).isInstanceOf(DecodeException.class);
    }

    @Test
    void grammarViolationsShouldThrowWithTheTag() {
        assertThatThrownBy(() -> parse("a1 FETCH 0 FLAGS")).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).tag()).isEqualTo("a1");
        assertThatThrownBy(() -> parse("a2 STORE 1 FLAGS")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a3 NOOP extra")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("a4 SEARCH " + "NOT ".repeat(200) + "ALL")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("+x NOOP")).isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).tag()).isEqualTo("*");
    }

    @Test
    void authenticateShouldKeepTheInitialResponse() {
        assertThat(parse("a1 AUTHENTICATE plain AGFsaWNlAHNlY3JldA=="))
                .isEqualTo(new AuthCommand.Authenticate("a1", "PLAIN", Optional.of("AGFsaWNlAHNlY3JldA==")));
        assertThat(parse("a2 ID (\"name\" \"Thunderbird\" \"version\" NIL)"))
                .isEqualTo(new SessionCommand.Id("a2", List.of("name", "Thunderbird", "version", "")));
    }

    /** Round trip of the codec: whatever the encoder writes as an astring, the parser reads back unchanged. */
    @Test
    void encodedStringsShouldDecodeToTheSameValue() throws Exception {
        Random random = new Random(42);
        String alphabet = "abcXYZ019 \"\\(){}%*]\r\nüé€+-&";
        for (int run = 0; run < 500; run++) {
            StringBuilder value = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int i = 0; i < length; i++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            ResponseOutput out = new ResponseOutput(bytes::writeBytes);
            ImapEncoder.astring(value.toString(), out);
            out.flush();
            String wire = bytes.toString(StandardCharsets.UTF_8);
            List<FramePart> parts = new ArrayList<>();
            int brace = wire.indexOf("}\r\n");
            if (wire.startsWith("{") && brace > 0) {
                parts.add(new FramePart.Line("t LOGIN " + wire.substring(0, brace + 1)));
                parts.add(new FramePart.Literal(new LiteralData.InMemory(wire.substring(brace + 3).getBytes(StandardCharsets.UTF_8))));
                parts.add(new FramePart.Line(" x"));
            } else {
                parts.add(new FramePart.Line("t LOGIN " + wire + " x"));
            }
            AuthCommand.Login login = (AuthCommand.Login) ImapParser.parse(parts, NameEncoding.UTF8);
            assertThat(login.user()).as("wire form %s", wire).isEqualTo(value.toString());
        }
    }

    @Test
    void searchReturnShouldParseOptionsAndTreatEmptyAsAll() {
        Search min = (Search) parse("a uid search return (min Count) charset utf-8 unseen");
        assertThat(min.returns()).contains(EnumSet.of(SearchReturn.MIN, SearchReturn.COUNT));
        assertThat(min.numbering()).isEqualTo(Numbering.UID);
        assertThat(min.charset()).contains("utf-8");
        assertThat(((Search) parse("b SEARCH RETURN () ALL")).returns()).contains(EnumSet.of(SearchReturn.ALL));
        assertThat(((Search) parse("c SEARCH ALL")).returns()).isEmpty();
        assertThatThrownBy(() -> parse("d SEARCH RETURN (FUZZY) ALL")).isInstanceOf(DecodeException.class);
    }

    @Test
    void listReturnStatusShouldCarryTheStatusItems() {
        ListMailboxes list = (ListMailboxes) parse("a LIST \"\" \"*\" RETURN (CHILDREN STATUS (MESSAGES UIDNEXT))");
        assertThat(list.returns()).containsExactly(ListReturn.CHILDREN);
        assertThat(list.status()).containsExactly(StatusItem.MESSAGES, StatusItem.UIDNEXT);
    }

    @Test
    void selectQresyncShouldParseKnownUidsAndSkipSequenceMatchData() {
        Select full = (Select) parse("a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 (1:3 4:6)))");
        assertThat(full.qresync()).contains(new Qresync(67890007L, 90060115194045000L,
                Optional.of(new NumSet.Uids(List.of(new NumSet.Range(41, 211), new NumSet.Range(214, 541))))));
        Select bare = (Select) parse("b EXAMINE INBOX (CONDSTORE QRESYNC (1 2))");
        assertThat(bare.qresync()).contains(new Qresync(1, 2, Optional.empty()));
        assertThat(bare.parameters()).containsExactly(SelectParameter.CONDSTORE);
        assertThatThrownBy(() -> parse("c SELECT INBOX (QRESYNC (1))")).isInstanceOf(DecodeException.class);
    }

    @Test
    void fetchVanishedShouldNeedUidFetchWithChangedSince() {
        Fetch fetch = (Fetch) parse("a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)");
        assertThat(fetch.vanished()).isEqualTo(Vanished.REPORT);
        assertThat(fetch.changedSince()).contains(5L);
        assertThatThrownBy(() -> parse("b FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("c UID FETCH 1:* (FLAGS) (VANISHED)")).isInstanceOf(DecodeException.class);
    }

    @Test
    void storeAndAppendShouldRefuseUnknownSystemFlagsAndRecent() {
        assertThatThrownBy(() -> parse("a STORE 1 +FLAGS (\\Bogus)")).isInstanceOf(DecodeException.class)
                .hasMessage("Invalid system flag \\Bogus");
        assertThatThrownBy(() -> parse("b STORE 1 FLAGS \\Recent")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("c APPEND INBOX (\\Recent) {1+}")).isInstanceOf(DecodeException.class);
        assertThat(((Store) parse("d STORE 1 +FLAGS ($Label1 \\sEEN)")).flags()).containsExactly("$Label1", "\\sEEN");
    }

    @Test
    void commandNameShouldNameUidCommandsAndSurviveGarbage() {
        assertThat(ImapParser.commandName(List.of(new FramePart.Line("a1 uid fetch 1 flags")))).isEqualTo("UID FETCH");
        assertThat(ImapParser.commandName(List.of(new FramePart.Line("a1 Select x")))).isEqualTo("SELECT");
        assertThat(ImapParser.commandName(List.of(new FramePart.Line("a1")))).isEqualTo("Command");
    }

    @Test
    void compressShouldDecodeItsMechanismAndNeedOne() {
        assertThat(parse("z1 compress deflate")).isEqualTo(new Compress("z1", "DEFLATE"));
        assertThatThrownBy(() -> parse("z2 COMPRESS")).isInstanceOf(DecodeException.class);
    }

    @Test
    void fetchShouldDecodeSaveDateObjectIdsAndPreviewWithItsLazyModifier() {
        NumSet.Sequence one = new NumSet.Sequence(List.of(new NumSet.Range(1, 1)));
        assertThat(parse("f1 FETCH 1 (SAVEDATE EMAILID threadid PREVIEW (LAZY) FLAGS)")).isEqualTo(new Fetch("f1", one,
                List.of(new SaveDate(), new EmailId(), new ThreadId(), new Preview(), new Flags()), Optional.empty(), Vanished.OMIT));
        assertThat(parse("f2 FETCH 1 PREVIEW")).isEqualTo(new Fetch("f2", one, List.of(new Preview()), Optional.empty(), Vanished.OMIT));
        assertThatThrownBy(() -> parse("f3 FETCH 1 (PREVIEW (FUZZY))")).isInstanceOf(DecodeException.class)
                .hasMessage("Unknown PREVIEW modifier FUZZY");
    }

    /** RFC 9394 §3.3: PARTIAL is a UID FETCH modifier with RFC 9394 §4's partial-range, beside CHANGEDSINCE. */
    @Test
    void uidFetchShouldDecodeThePartialModifierAndFetchShouldRefuseIt() {
        NumSet.Uids all = new NumSet.Uids(List.of(new NumSet.Range(1, NumSet.STAR)));
        assertThat(parse("p1 UID FETCH 1:* (FLAGS) (PARTIAL -1:-30)")).isEqualTo(new Fetch("p1", all,
                List.of(new Flags()), Optional.empty(), Vanished.OMIT, Optional.of(new MessageCommand.PartialRange(-1, -30))));
        assertThat(parse("p2 UID FETCH 1:* (FLAGS) (partial 5:1 CHANGEDSINCE 7)")).isEqualTo(new Fetch("p2", all,
                List.of(new Flags()), Optional.of(7L), Vanished.OMIT, Optional.of(new MessageCommand.PartialRange(5, 1))));
        assertThatThrownBy(() -> parse("p3 FETCH 1:* (FLAGS) (PARTIAL 1:2)")).isInstanceOf(DecodeException.class)
                .hasMessage("PARTIAL is a modifier of UID FETCH");
        for (String bad : List.of("0:2", "-1:2", "1:*", "1:4294967296", "1")) {
            assertThatThrownBy(() -> parse("p4 UID FETCH 1 (FLAGS) (PARTIAL " + bad + ")")).isInstanceOf(DecodeException.class);
        }
        assertThatThrownBy(() -> parse("p5 UID FETCH 1 (FLAGS) (PARTIAL 1:2 PARTIAL 1:2)")).isInstanceOf(DecodeException.class);
        assertThat(new MessageCommand.PartialRange(-1, -30).firstIndex(10)).isZero();
        assertThat(new MessageCommand.PartialRange(-1, -30).lastIndex(10)).isEqualTo(9);
        assertThat(new MessageCommand.PartialRange(11, 20).firstIndex(10))
                .isGreaterThan(new MessageCommand.PartialRange(11, 20).lastIndex(10));   // past the results: none
    }

    @Test
    void searchShouldDecodeSaveDatesAndObjectIdsAndRefuseIdsOutsideTheirSyntax() {
        assertThat(((Search) parse("s1 SEARCH SAVEDBEFORE 1-Feb-2026 SAVEDON 2-Feb-2026 SAVEDSINCE 3-Feb-2026")).key())
                .isEqualTo(new And(List.of(new DateKey(DateField.SAVED, DateRelation.BEFORE, LocalDate.of(2026, 2, 1)),
                        new DateKey(DateField.SAVED, DateRelation.ON, LocalDate.of(2026, 2, 2)),
                        new DateKey(DateField.SAVED, DateRelation.SINCE, LocalDate.of(2026, 2, 3)))));
        assertThat(((Search) parse("s2 SEARCH SAVEDATESUPPORTED")).key()).isEqualTo(new All());
        assertThat(((Search) parse("s3 SEARCH EMAILID M12 THREADID T_a-9")).key()).isEqualTo(new And(List.of(
                new ObjectIdKey(ObjectKind.EMAIL, "M12"), new ObjectIdKey(ObjectKind.THREAD, "T_a-9"))));
        assertThatThrownBy(() -> parse("s4 SEARCH EMAILID M.1")).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> parse("s5 SEARCH THREADID " + "T".repeat(256))).isInstanceOf(DecodeException.class);
    }

    @Test
    void statusShouldDecodeMailboxId() {
        assertThat(parse("t1 STATUS foo (MAILBOXID messages)")).isEqualTo(
                new MailboxCommand.Status("t1", "foo", List.of(StatusItem.MAILBOXID, StatusItem.MESSAGES)));
    }
}
