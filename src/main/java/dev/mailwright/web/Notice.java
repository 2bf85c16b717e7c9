package dev.mailwright.web;

import java.io.Serializable;

import org.springframework.context.MessageSourceResolvable;

/**
 * A notice for the page (a flash message or a form's error): a bundle key and its arguments, never a sentence. The
 * text is looked up in the reader's language when the page is rendered ({@link NoticeTexts}), so a notice set before
 * a redirect shows in the language of the page that follows. {@code NoticeKeysTest} keeps controllers from passing
 * literal sentences instead.
 *
 * @param code the key in {@code messages.properties} and {@code messages_ko.properties}
 * @param args the values of its {@code {0}}, {@code {1}} ... placeholders (kept in the session across a redirect)
 */
public record Notice(String code, Serializable... args) implements MessageSourceResolvable, Serializable {

    public static Notice of(String code, Serializable... args) {
        return new Notice(code, args);
    }

    @Override
    public String[] getCodes() {
        return new String[] {code};
    }

    @Override
    public Object[] getArguments() {
        return args.clone();
    }
}
