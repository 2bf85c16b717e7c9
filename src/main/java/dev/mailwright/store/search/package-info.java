/**
 * The search index below the store's API: trigram postings that narrow IMAP SEARCH and webmail text criteria to
 * candidates, which the store's exact substring match then decides. Lucene under the data directory on H2, a GIN
 * index over the message row's trigram codes on PostgreSQL; the start-up catch-up repairs whatever a crash left
 * behind.
 */
package dev.mailwright.store.search;
