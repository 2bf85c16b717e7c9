package dev.mailwright.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import dev.mailwright.net.Connection;
import dev.mailwright.net.TransferPace;

/** Replies to one client, and counts the ones that blame the client (500-504, 555) for the bad-command limit. */
final class SmtpIo {
    private final Connection connection;
    private final int maxBadCommands;
    private int badCommands;

    SmtpIo(Connection connection, int maxBadCommands) {
        this.connection = connection;
        this.maxBadCommands = maxBadCommands;
    }

    void reply(SmtpReply reply) throws IOException {
        if ((reply.code() >= 500 && reply.code() <= 504) || reply.code() == 555) {
            badCommands++;
        }
        connection.write(reply.encode());
    }

    void lines(int code, List<String> lines) throws IOException {
        connection.write(SmtpReply.encodeLines(code, lines));
    }

    boolean tooManyErrors() {
        return badCommands >= maxBadCommands;
    }

    InputStream input() {
        return connection.input();
    }

    /** The bytes read from now on are a DATA or BDAT transfer, which must keep {@code pace}. */
    void expectTransfer(TransferPace pace) {
        connection.expectTransfer(pace);
    }
}
