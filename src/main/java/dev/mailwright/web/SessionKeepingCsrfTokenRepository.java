package dev.mailwright.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * CSRF tokens kept in the HTTP session, with one difference from Spring's repository: a state-changing request that
 * arrives without a session never gets one. A cross-site POST carries no session cookie (it is {@code SameSite=Lax}),
 * so the filter generates a fresh token to compare; saving it would create a session whose cookie replaces the
 * user's own in the browser, signing them out. Such a request is refused anyway, so its token is not kept.
 */
final class SessionKeepingCsrfTokenRepository implements CsrfTokenRepository {
    private final HttpSessionCsrfTokenRepository sessions = new HttpSessionCsrfTokenRepository();

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return sessions.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (token != null && request.getSession(false) == null && !isSafe(request.getMethod())) {
            return;
        }
        sessions.saveToken(token, request, response);
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return sessions.loadToken(request);
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method);
    }
}
