package dev.mailwright.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.mailwright.imap.command.NumSet;
import dev.mailwright.imap.wire.ImapResponse;
import dev.mailwright.store.UidRange;
import dev.mailwright.store.UidSet;

class SearchResultsTest {

    private static MessageNumbers numbers(long... uids) {
        MessageNumbers numbers = new MessageNumbers();
        for (long uid : uids) {
            numbers.append(uid);
        }
        return numbers;
    }

    private static ImapResponse.ExtendedSearch esearch(String tag, ImapResponse.ExtendedSearch.Numbering numbering,
                                                       String name, String value) {
        return new ImapResponse.ExtendedSearch(tag, numbering, List.of(new ImapResponse.SearchData(name, value)));
    }

    @Test
    void withoutShouldSplitRangesAroundRemovedUids() {
        UidSet set = new UidSet(List.of(new UidRange(1, 10), new UidRange(20, 20)));
        assertThat(SearchResults.without(set, List.of(1L, 5L, 10L, 20L, 30L)))
                .isEqualTo(new UidSet(List.of(new UidRange(2, 4), new UidRange(6, 9))));
        assertThat(SearchResults.without(set, List.of())).isEqualTo(set);
    }

    @Test
    void expungingShouldEmptyTheSavedResultOfThoseUidsAndAnnounceRemovalWithTheOldSequenceNumbers() {
        SearchResults results = new SearchResults();
        results.save(UidSet.of(3, 7, 9));
        TreeSet<Long> matching = new TreeSet<>(List.of(7L, 9L));
        results.keep("s1", NumSet.Form.SEQUENCE, SearchResults.Reach.CHANGED_MESSAGES, among -> matching, 100, matching);
        results.keep("u1", NumSet.Form.UID, SearchResults.Reach.CHANGED_MESSAGES, among -> matching, 100, matching);

        List<ImapResponse.Untagged> out = results.expunging(List.of(3L, 9L), numbers(3, 7, 9));

        assertThat(results.saved()).isEqualTo(UidSet.of(7));
        assertThat(out).containsExactly(
                esearch("s1", ImapResponse.ExtendedSearch.Numbering.SEQUENCE, "REMOVEFROM", "(0 3)"),
                esearch("u1", ImapResponse.ExtendedSearch.Numbering.UID, "REMOVEFROM", "(0 9)"));
    }

    @Test
    void refreshShouldAddAndRemoveOnlyAmongChangedMessagesUnlessTheSearchIsPositional() {
        SearchResults results = new SearchResults();
        Set<Long> flagged = new TreeSet<>(List.of(1L, 2L));
        List<Optional<UidSet>> asked = new java.util.ArrayList<>();
        results.keep("t", NumSet.Form.UID, SearchResults.Reach.CHANGED_MESSAGES, among -> {
            asked.add(among);
            return flagged.stream().filter(uid -> among.map(a -> a.contains(uid)).orElse(true)).toList();
        }, 100, flagged);
        flagged.remove(1L);
        flagged.add(4L);

        List<ImapResponse.Untagged> out = results.refresh(Set.of(1L, 4L), numbers(1, 2, 3, 4));

        assertThat(asked).containsExactly(Optional.of(UidSet.of(1, 4)));
        assertThat(out).containsExactly(
                esearch("t", ImapResponse.ExtendedSearch.Numbering.UID, "REMOVEFROM", "(0 1)"),
                esearch("t", ImapResponse.ExtendedSearch.Numbering.UID, "ADDTO", "(0 4)"));
        assertThat(results.refresh(Set.of(), numbers(1, 2, 3, 4))).isEmpty();
        assertThat(asked).hasSize(1);   // nothing changed: the search is not re-run
    }

    @Test
    void failedRefreshShouldLeaveTheSearchStaleAndRerunItWholeNextTime() {
        SearchResults results = new SearchResults();
        boolean[] down = {true};
        List<Optional<UidSet>> asked = new java.util.ArrayList<>();
        results.keep("t", NumSet.Form.UID, SearchResults.Reach.CHANGED_MESSAGES, among -> {
            asked.add(among);
            if (down[0]) {
                throw new IllegalStateException("store unavailable");
            }
            return List.of(2L);
        }, 100, List.of());

        assertThat(results.refresh(Set.of(2L), numbers(1, 2))).isEmpty();
        assertThat(results.hasStale()).isTrue();
        down[0] = false;
        assertThat(results.refresh(Set.of(), numbers(1, 2)))
                .containsExactly(esearch("t", ImapResponse.ExtendedSearch.Numbering.UID, "ADDTO", "(0 2)"));
        assertThat(asked).containsExactly(Optional.of(UidSet.of(2)), Optional.empty());
        assertThat(results.hasStale()).isFalse();
    }

    @Test
    void searchGrowingPastItsLimitShouldBeDroppedWithNoupdate() {
        SearchResults results = new SearchResults();
        results.keep("t", NumSet.Form.UID, SearchResults.Reach.CHANGED_MESSAGES, among -> List.of(1L, 2L, 3L), 2, List.of(1L));

        assertThat(results.refresh(Set.of(2L, 3L), numbers(1, 2, 3))).containsExactly(new ImapResponse.StatusLine(
                dev.mailwright.imap.wire.Status.NO, Optional.of("NOUPDATE \"t\""),
                "Too many matches to keep up to date, at most 2; updates stopped"));
        assertThat(results.keeps("t")).isFalse();
        assertThat(results.refresh(Set.of(2L, 3L), numbers(1, 2, 3))).isEmpty();
    }

    @Test
    void cancelShouldForgetTheSearchAndReportWhetherItWasKept() {
        SearchResults results = new SearchResults();
        results.keep("t", NumSet.Form.UID, SearchResults.Reach.WHOLE_MAILBOX, among -> List.of(), 100, List.of());
        assertThat(results.keeps("t")).isTrue();
        assertThat(results.cancel("t")).isTrue();
        assertThat(results.cancel("t")).isFalse();
        assertThat(results.keptCount()).isZero();
    }

    @Test
    void runsShouldSplitWhereUidsStopAscendingAndCountPositionsAsTheClientAppliesThem() {
        List<Long> order = List.of(8L, 7L, 3L, 5L, 2L, 6L, 1L, 4L);
        Set<Long> selected = Set.of(8L, 7L, 5L, 2L, 4L);

        assertThat(SearchResults.runs(order, selected::contains, SearchResults.Counting.ALL_BEFORE)).containsExactly(
                new SearchResults.Run(1, List.of(8L)), new SearchResults.Run(2, List.of(7L)),
                new SearchResults.Run(4, List.of(5L)), new SearchResults.Run(5, List.of(2L)),
                new SearchResults.Run(8, List.of(4L)));
        assertThat(SearchResults.runs(order, selected::contains, SearchResults.Counting.KEPT_BEFORE)).containsExactly(
                new SearchResults.Run(1, List.of(8L)), new SearchResults.Run(1, List.of(7L)),
                new SearchResults.Run(2, List.of(5L)), new SearchResults.Run(2, List.of(2L)),
                new SearchResults.Run(4, List.of(4L)));
        assertThat(SearchResults.runs(List.of(1L, 2L, 9L, 3L), uid -> true, SearchResults.Counting.ALL_BEFORE))
                .containsExactly(new SearchResults.Run(1, List.of(1L, 2L, 9L)), new SearchResults.Run(4, List.of(3L)));
    }

    @Test
    void sortedSearchShouldReportPositionsInSortOrderAndResortOnlyWhenMessagesJoin() {
        SearchResults results = new SearchResults();
        List<Long> sortedNow = new java.util.ArrayList<>(List.of(3L, 1L, 2L));   // the sort order of UIDs 1 to 3
        int[] sorts = {0};
        results.keepSorted("s", NumSet.Form.UID, SearchResults.Reach.CHANGED_MESSAGES,
                among -> sortedNow.stream().filter(uid -> among.map(a -> a.contains(uid)).orElse(true)).toList(),
                () -> {
                    sorts[0]++;
                    return List.copyOf(sortedNow);
                }, 100, List.copyOf(sortedNow));

        sortedNow.remove(1L);   // leaves the result (a flag change): position 2, no new sort
        assertThat(results.refresh(Set.of(1L), numbers(1, 2, 3)))
                .containsExactly(esearch("s", ImapResponse.ExtendedSearch.Numbering.UID, "REMOVEFROM", "(2 1)"));
        assertThat(sorts[0]).isZero();

        sortedNow.addAll(0, List.of(4L, 5L));   // two arrivals sorted first, and 1 back between 3 and 2
        sortedNow.add(3, 1L);
        assertThat(results.refresh(Set.of(1L, 4L, 5L), numbers(1, 2, 3, 4, 5)))
                .containsExactly(esearch("s", ImapResponse.ExtendedSearch.Numbering.UID, "ADDTO", "(1 4:5 4 1)"));
        assertThat(sorts[0]).isEqualTo(1);

        assertThat(results.expunging(List.of(3L, 4L), numbers(1, 2, 3, 4, 5)))   // order 4 5 3 1 2
                .containsExactly(esearch("s", ImapResponse.ExtendedSearch.Numbering.UID, "REMOVEFROM", "(1 4 2 3)"));
    }
}
