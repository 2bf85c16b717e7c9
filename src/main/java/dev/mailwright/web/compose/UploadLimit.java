package dev.mailwright.web.compose;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.mailwright.web.Notice;

/** An upload over the message size limit comes back to the compose page with a clear message. */
@ControllerAdvice
class UploadLimit {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    String tooLarge(MaxUploadSizeExceededException e, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", Notice.of("compose.error.uploadTooLarge"));
        return "redirect:/compose";
    }
}
