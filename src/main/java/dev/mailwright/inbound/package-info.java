/**
 * What the MX port decides about a message it has received, before the store sees it: SPF, DKIM, DMARC and
 * ARC verification, forgery of local domains, and any further {@link dev.mailwright.inbound.InboundCheck}
 * (spam scoring). SMTP calls {@link dev.mailwright.inbound.InboundFilter} at the end of DATA/BDAT and acts on
 * its {@link dev.mailwright.inbound.InboundVerdict}; this package never stores mail. Below {@code smtp}, above
 * {@code dns} and {@code store} (whose types it reads).
 */
package dev.mailwright.inbound;
