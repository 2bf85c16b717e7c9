package dev.mailwright.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Our own sign-in page; Spring Security handles the POST to {@code /login} and the throttle answers. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
