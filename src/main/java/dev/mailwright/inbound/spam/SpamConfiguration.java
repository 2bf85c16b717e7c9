package dev.mailwright.inbound.spam;

import java.time.Clock;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mailwright.config.MailwrightProperties;
import dev.mailwright.dns.DnsResolver;
import dev.mailwright.inbound.InboundCheck;
import dev.mailwright.inbound.greylist.Greylist;
import dev.mailwright.inbound.rspamd.LearningQueue;
import dev.mailwright.inbound.rspamd.RspamdClient;
import dev.mailwright.store.MailStore;

/** The spam defence's beans: rspamd only when configured, greylisting only when enabled. */
@Configuration(proxyBeanMethods = false)
class SpamConfiguration {

    @Bean
    InboundCounters inboundCounters(JdbcClient jdbc, PlatformTransactionManager transactions) {
        return new InboundCounters(jdbc, new TransactionTemplate(transactions), Clock.systemUTC()).start();
    }

    @Bean
    @ConditionalOnExpression("'${mailwright.spam.rspamd.url:}' != '' or '${mailwright.spam.rspamd.controller-url:}' != ''")
    RspamdClient rspamdClient(MailwrightProperties properties) {
        return new RspamdClient(properties.spam().rspamd());
    }

    @Bean
    @ConditionalOnExpression("'${mailwright.spam.rspamd.controller-url:}' != ''")
    LearningQueue learningQueue(MailwrightProperties properties, RspamdClient rspamdClient, MailStore store) {
        return new LearningQueue(rspamdClient, store, properties.spam().rspamd().learnQueue());
    }

    @Bean
    JunkReports junkReports(MailStore store, Optional<LearningQueue> learningQueue) {
        return new JunkReports(store, learningQueue);
    }

    @Bean
    MxDefence mxDefence(MailwrightProperties properties, DnsResolver resolver, JdbcClient jdbc,
                        PlatformTransactionManager transactions, InboundCounters counters) {
        MailwrightProperties.Inbound inbound = properties.inbound();
        Optional<Greylist> greylist = inbound.greylisting().enabled()
                ? Optional.of(new Greylist(jdbc, new TransactionTemplate(transactions), inbound.greylisting(),
                Clock.systemUTC())) : Optional.empty();
        return new MxDefence(inbound, resolver, greylist, counters);
    }

    @Bean
    @Order(InboundCheck.CONTENT)
    @ConditionalOnExpression("'${mailwright.spam.rspamd.url:}' != ''")
    ContentScoring contentScoring(RspamdClient rspamdClient, MailwrightProperties properties, MxDefence defence) {
        return new ContentScoring(rspamdClient, properties.spam().rspamd(),
                client -> Optional.of(defence.reverseDns(client).name()).filter(name -> !name.isEmpty()));
    }
}
