/** Greylisting: the database triplet store that defers the first attempt of an unknown sender. */
package dev.mailwright.inbound.greylist;
