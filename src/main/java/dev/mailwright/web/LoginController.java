package dev.mailwright.web;

import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.LockedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Our own sign-in page; Spring Security handles the POST to {@code /login} and the throttle answers. The page says
 * in the reader's language whether the password was wrong or the throttle refused the attempt.
 */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        model.addAttribute("throttled", session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof LockedException);
        return "login";
    }
}
