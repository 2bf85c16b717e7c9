package dev.mailwright.web.filters;

import java.util.List;

/** A form field the pages refuse: a message code of messages*.properties and its arguments. */
record Problem(String code, List<Object> args) {
    static Problem of(String code, Object... args) {
        return new Problem(code, List.of(args));
    }
}
