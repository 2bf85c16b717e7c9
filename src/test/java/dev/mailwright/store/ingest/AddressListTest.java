package dev.mailwright.store.ingest;

import dev.mailwright.store.ingest.AddressList.GroupEnd;
import dev.mailwright.store.ingest.AddressList.GroupStart;
import dev.mailwright.store.ingest.AddressList.Mailbox;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AddressListTest {
    private static Mailbox mbox(String name, String local, String host) {
        return new Mailbox(Optional.ofNullable(name), Optional.empty(), local, host);
    }

    private static String envelope(String raw) {
        StringBuilder sb = new StringBuilder();
        AddressList.parse(raw).writeTo(sb);
        return sb.toString();
    }

    @Test
    void parseShouldReadNameAddrAndAddrSpecForms() {
        assertThat(AddressList.parse("Joe Q. Public <john.q.public@example.com>, \"Giant; \\\"Big\\\" Box\" <sysservices@example.net>, a@b").entries())
                .containsExactly(mbox("Joe Q. Public", "john.q.public", "example.com"),
                        mbox("Giant; \"Big\" Box", "sysservices", "example.net"), mbox(null, "a", "b"));
    }

    @Test
    void parseShouldKeepAQuotedLocalPartQuoted() {
        assertThat(AddressList.parse("\"john doe\"@example.com").entries())
                .containsExactly(mbox(null, "\"john doe\"", "example.com"));
    }

    @Test
    void parseShouldMarkGroupsWithStartAndEndEntries() {
        assertThat(AddressList.parse("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, x@y").entries())
                .containsExactly(new GroupStart("A Group"), mbox("Ed Jones", "c", "a.test"),
                        mbox(null, "joe", "where.test"), mbox("John", "jdoe", "one.test"), new GroupEnd(),
                        mbox(null, "x", "y"));
    }

    @Test
    void parseShouldCloseAnUnterminatedGroupAtTheEnd() {
        assertThat(AddressList.parse("team: a@b, c@d").entries())
                .containsExactly(new GroupStart("team"), mbox(null, "a", "b"), mbox(null, "c", "d"), new GroupEnd());
    }

    @Test
    void parseShouldSurviveUnbalancedQuotesBracketsAndComments() {
        assertThat(AddressList.parse("\"unterminated <a@b>").entries()).hasSize(1);
        assertThat(AddressList.parse("Name <a@b").entries()).containsExactly(mbox("Name", "a", "b"));
        assertThat(AddressList.parse("a@b (open comment").entries()).containsExactly(mbox("open comment", "a", "b"));
        assertThat(AddressList.parse(",,, ;;; <> @").entries()).containsExactly(mbox(null, "", ""));
        assertThat(AddressList.parse("").entries()).isEmpty();
    }

    @Test
    void writeToShouldUseNilForAnEmptyListAndQuoteEveryString() {
        assertThat(envelope("")).isEqualTo("NIL");
        assertThat(envelope("\"A \\\\ B\" <a@b>, g:;"))
                .isEqualTo("((\"A \\\\ B\" NIL \"a\" \"b\")(NIL NIL \"g\" NIL)(NIL NIL NIL NIL))");
    }
}
