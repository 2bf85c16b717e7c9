package dev.mailwright.store.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.mailwright.store.AccountId;
import dev.mailwright.store.AccountStore;
import dev.mailwright.store.Flags;
import dev.mailwright.store.MailStore;
import dev.mailwright.store.MailStore.FlagChange;
import dev.mailwright.store.MailStore.SearchField;
import dev.mailwright.store.MailboxInfo;
import dev.mailwright.store.SystemFlag;
import dev.mailwright.store.UidSet;

/**
 * The search index through the store's one door, on H2 (Lucene) and PostgreSQL (pg_trgm): substring and case
 * (RFC 3501 §6.4.4), non-ASCII text, header versus body, the short-needle fallback, the webmail's search, and
 * expunge. Candidates may be a superset by contract; these messages are built so that the index alone already
 * answers exactly, which the assertions check.
 */
@SpringBootTest
abstract class SearchIndexContract {
    @Autowired
    MailStore store;
    @Autowired
    AccountStore accounts;
    @Autowired
    SearchIndex index;
    @Autowired
    JdbcClient jdbc;

    AccountId alice;
    MailboxInfo inbox;
    long zebra;
    long greeting;
    long header;

    @BeforeEach
    void deliverMessages() {
        alice = accounts.createAccount("alice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                "{noop}x", false).id();
        inbox = store.mailbox(alice, "INBOX").orElseThrow();
        zebra = deliver("From: Carol Example <carol@example.org>\nTo: alice@example.test\nSubject: Animals",
                "The Zebra crossed the road.");
        greeting = deliver("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>\nTo: alice@example.test\n"
                + "Subject: =?UTF-8?B?R3LDvMOfZQ==?=", "ÄPFEL und Birnen, schöne Grüße");
        header = deliver("From: Dave <dave (the boss) @ (office) corp.example>\nTo: alice@example.test\n"
                + "Subject: Quarterly numbers\nX-Ticket: TCK-48213", "see attachment");
    }

    private long deliver(String headers, String body) {
        return store.deliver(SearchIndexTestSupport.message(headers, body), List.of(alice)).deliveries().getFirst().uid();
    }

    private Set<Long> candidates(SearchField field, String needle) {
        return store.searchCandidates(inbox.id(), field, needle).orElseThrow();
    }

    /**
     * V27: a row's stored header text is offered to IMAP SEARCH as exact when its lines are its fields; a decoded
     * line break (RFC 2047 can encode one) makes it not exact, and SEARCH then reads the header from the blob.
     */
    @Test
    void searchRowsShouldCarryTheHeaderTextOnlyWhereItsLinesAreItsFields() {
        long broken = deliver("From: =?UTF-8?Q?Eve=0Afrom:_mallory?= <eve@example.org>\nTo: alice@example.test\n"
                + "Subject: split", "text");
        java.util.Map<Long, dev.mailwright.store.SearchRow> rows = new java.util.HashMap<>();
        store.forEachSearchRow(inbox.id(), UidSet.ALL, true, row -> rows.put(row.uid(), row));
        assertThat(rows).containsOnlyKeys(zebra, greeting, header, broken);
        String stored = jdbc.sql("SELECT m.search_header FROM message m JOIN mailbox_message mm ON mm.message_id = m.id"
                + " WHERE mm.mailbox_id = ? AND mm.uid = ?").params(inbox.id().value(), header).query(String.class).single();
        assertThat(rows.get(header).exactHeader()).isEqualTo(stored).contains("from: dave <dave@corp.example>\n");
        assertThat(rows.get(greeting).exactHeader()).contains("from: jürgen müller <juergen@example.de>\n");
        assertThat(rows.get(broken).header()).as("a decoded line break: not exact").isEmpty();
        assertThat(rows.get(zebra).size()).isPositive();
        assertThat(rows.get(zebra).blobHash()).isNotBlank();

        List<dev.mailwright.store.SearchRow> narrow = new java.util.ArrayList<>();
        store.forEachSearchRow(inbox.id(), UidSet.of(header, zebra), false, narrow::add);
        assertThat(narrow).extracting(dev.mailwright.store.SearchRow::uid).containsExactly(zebra, header);
        assertThat(narrow).allMatch(row -> row.header().isEmpty());
    }

    @Test
    void aSubstringInAnyCaseShouldBeFoundInTheBody() {
        assertThat(candidates(SearchField.BODY, "zebr")).containsExactly(zebra);
        assertThat(candidates(SearchField.BODY, "ZEBRA CROSSED")).containsExactly(zebra);
        assertThat(candidates(SearchField.BODY, "ebra cr")).containsExactly(zebra);
        assertThat(candidates(SearchField.BODY, "zebras")).isEmpty();
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "bRa")).containsExactly(zebra);
    }

    /**
     * A body holding every trigram of the needle, but apart, or split by a line break, is no hit; repeated trigrams
     * must repeat in the text too (on H2 the index names such bodies as candidates and the store's match decides).
     */
    @Test
    void bodyHitsShouldBeExactSubstringsAndNeverScatteredTrigrams() {
        long scattered = deliver("From: a@example.org\nSubject: s1", "zeb and ebr and bra, okapi");
        long split = deliver("From: a@example.org\nSubject: s2", "a zeb\r\nra and an okap\r\ni");
        long triple = deliver("From: a@example.org\nSubject: s3", "aaa baaab");
        long quadruple = deliver("From: a@example.org\nSubject: s4", "xaaaax");
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "zebra")).containsExactly(zebra);
        assertThat(store.searchText(inbox.id(), SearchField.TEXT, "Zebra")).containsExactly(zebra);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "okapi")).containsExactly(scattered);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "aaaa")).containsExactly(quadruple);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "aaa")).containsExactly(triple, quadruple);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "zeb")).containsExactly(zebra, scattered, split);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "road.")).containsExactly(zebra);
    }

    /**
     * Needles with punctuation and spaces: PostgreSQL's index holds the body's distinct words (V35) and narrows by the
     * needle's parts between them, the text's LIKE decides the order, the punctuation and the repeats.
     */
    @Test
    void needlesAcrossPunctuationShouldBeFoundExactly() {
        long budget = deliver("From: a@example.org\nSubject: b1", "Re: the budget, approved! 100% of it_all.");
        long reordered = deliver("From: a@example.org\nSubject: b2", "approved: the budget");
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "Budget, Approved")).containsExactly(budget);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "get, appr")).containsExactly(budget);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "budget approved")).isEmpty();
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "100% of it_")).containsExactly(budget);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "the budget")).containsExactly(budget, reordered);
        assertThat(store.searchText(inbox.id(), SearchField.TEXT, "approved: the")).containsExactly(reordered);
        assertThat(candidates(SearchField.BODY, "budget")).containsExactlyInAnyOrder(budget, reordered);
        // a needle of more parts than the index looks up: the longest narrow, the text decides
        String sentence = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "word" + i).collect(
                java.util.stream.Collectors.joining(" "));
        long longOne = deliver("From: a@example.org\nSubject: b3", "before " + sentence + " after");
        assertThat(store.searchText(inbox.id(), SearchField.BODY, sentence)).containsExactly(longOne);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, sentence.replace("word3 ", "word3  "))).isEmpty();
        // one trigram across two words: no part to narrow by, the scan decides
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "t, a")).containsExactly(budget);
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "e z")).containsExactly(zebra);
    }

    @Test
    void nonAsciiTextShouldFoldLikeJava() {
        assertThat(candidates(SearchField.BODY, "äpfel")).containsExactly(greeting);
        assertThat(candidates(SearchField.BODY, "GRÜSSE")).isEmpty();   // ß does not fold to ss in either direction
        assertThat(candidates(SearchField.BODY, "GRÜßE")).containsExactly(greeting);
        assertThat(candidates(SearchField.HEADERS, "grüße")).containsExactly(greeting);   // RFC 2047 decoded
        assertThat(candidates(SearchField.HEADERS, "jürgen müller")).containsExactly(greeting);
    }

    @Test
    void headersAndBodyShouldBeApart() {
        assertThat(candidates(SearchField.HEADERS, "tck-482")).containsExactly(header);
        assertThat(candidates(SearchField.BODY, "tck-482")).isEmpty();
        assertThat(candidates(SearchField.TEXT, "tck-482")).containsExactly(header);
        assertThat(candidates(SearchField.HEADERS, "attachment")).isEmpty();
        assertThat(candidates(SearchField.TEXT, "attachment")).containsExactly(header);
        // an address written with comments is found as it reads without them, and as written
        assertThat(candidates(SearchField.HEADERS, "dave@corp.example")).containsExactly(header);
        assertThat(candidates(SearchField.HEADERS, "(the boss)")).containsExactly(header);
    }

    /**
     * IMAP SEARCH's header keys (FROM, TO, CC, BCC, SUBJECT) are answered by the index alone: on H2 Lucene keeps each
     * of these fields on its own, on PostgreSQL the trigram hits are decided in SQL from the stored lines of the
     * field. Either way text of another field is no hit, and an address matches as written and without its comments.
     * A message whose header lines are not its fields (a decoded line break) is never decided by the index: it is a
     * candidate wherever its header text holds the needle.
     */
    @Test
    void fieldSearchesShouldBeAnsweredExactlyByTheIndex() {
        assertField("FROM", "Carol@", zebra);
        assertField("from", "dave@corp.example", header);
        assertField("From", "(the boss)", header);
        assertField("SUBJECT", "grüße", greeting);
        assertField("TO", "carol", new long[0]);
        assertField("FROM", "alice@example.test", new long[0]);
        assertField("CC", "carol", new long[0]);
        MailStore.FieldHits other = store.searchField(inbox.id(), "X-Ticket", "tck-48").orElseThrow();
        assertThat(other.exact()).as("a field the index does not keep apart").isFalse();
        assertThat(other.uids()).contains(header);
        assertThat(store.searchField(inbox.id(), "FROM", "ca")).as("shorter than a gram").isEmpty();

        long broken = deliver("From: =?UTF-8?Q?Eve=0Afrom:_mallory?= <eve@example.org>\nTo: alice@example.test\n"
                + "Subject: split", "text");
        awaitIndexWrites();
        MailStore.FieldHits mallory = store.searchField(inbox.id(), "FROM", "mallory").orElseThrow();
        assertThat(mallory.exact()).as("the broken header must be read to decide").isFalse();
        assertThat(mallory.uids()).contains(broken);
        // it is a candidate only where its header holds the needle: other searches stay exact
        assertField("FROM", "carol@", zebra);
    }

    private void assertField(String field, String text, long... expected) {
        MailStore.FieldHits hits = store.searchField(inbox.id(), field, text).orElseThrow();
        assertThat(hits.exact()).as(field + " " + text).isTrue();
        assertThat(hits.uids()).as(field + " " + text)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
    }

    /** Waits until the messages delivered so far are in the index itself (H2 queues index writes). */
    void awaitIndexWrites() {
    }

    @Test
    void needlesShorterThanAGramShouldFallBackToTheScan() {
        assertThat(store.searchCandidates(inbox.id(), SearchField.TEXT, "ze")).isEmpty();
        assertThat(store.searchCandidates(inbox.id(), SearchField.TEXT, "a\nb c")).isEmpty();
        assertThat(store.searchText(inbox.id(), SearchField.BODY, "ze")).containsExactly(zebra);
    }

    @Test
    void webmailSearchShouldUseTheSameIndex() {
        Optional<SearchIndex.Narrowing> narrowing = index.narrowing(alice.value(), SearchIndex.Part.BODY, "Zebra");
        assertThat(narrowing).isPresent();
        List<MailStore.SearchHit> hits = store.search(alice, new MailStore.MessageQuery(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("ZEBRA"), Optional.empty(), Optional.empty()), 10);
        assertThat(hits).extracting(h -> h.meta().uid()).containsExactly(zebra);
    }

    @Test
    void expungeShouldRemoveTheMessageFromTheIndex() {
        long messageId = jdbc.sql("SELECT message_id FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")
                .params(inbox.id().value(), zebra).query(Long.class).single();
        store.updateFlags(alice, inbox.id(), UidSet.of(zebra), FlagChange.ADD, Flags.of(SystemFlag.DELETED), Optional.empty());
        store.expunge(alice, inbox.id(), Optional.empty());

        assertThat(candidates(SearchField.BODY, "zebra")).isEmpty();
        assertThat(indexHolds(messageId)).isFalse();
        assertThat(candidates(SearchField.BODY, "äpfel")).containsExactly(greeting);
    }

    /** Whether the index itself (not only the table it is joined with) still knows the message. */
    abstract boolean indexHolds(long messageId);
}
