/**
 * ManageSieve (RFC 5804): the {@code managesieve} listener, where mail apps and tools such as {@code sieve-connect}
 * upload, list, activate, download and delete the account's Sieve scripts. Scripts are compiled by
 * {@code dev.mailwright.sieve} before they are stored and kept by {@code store.SieveScripts}, the store the webmail's
 * filters page and delivery use too.
 */
package dev.mailwright.managesieve;
