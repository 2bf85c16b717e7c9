package dev.mailwright.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Turns every {@link Notice} in a page's model (flash attributes included) into its text in the reader's language
 * just before the page is rendered, so templates show {@code ${flash}} as before.
 */
@Component
class NoticeTexts implements HandlerInterceptor, WebMvcConfigurer {
    private final MessageSource messages;

    NoticeTexts(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view == null || view.getViewName() != null && view.getViewName().startsWith("redirect:")) {
            return;
        }
        for (Map.Entry<String, Object> entry : view.getModel().entrySet()) {
            if (entry.getValue() instanceof Notice notice) {
                entry.setValue(messages.getMessage(notice, RequestContextUtils.getLocale(request)));
            }
        }
    }
}
