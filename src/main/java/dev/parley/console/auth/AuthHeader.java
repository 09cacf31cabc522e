package dev.parley.console.auth;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** Brand, optional headline and lead above the sign-in, sign-up and invitation forms. */
final class AuthHeader {
    private AuthHeader() {}

    static Div create(String title, String lead) {
        Div brand = new Div(new Image("icons/parley.svg", ""), new Span("Parley"));
        brand.addClassName("parley-brand");
        Paragraph text = new Paragraph(lead);
        text.addClassName("parley-lead");
        Div header = new Div(brand);
        if (title != null) header.add(new H1(title));
        header.add(text);
        return header;
    }
}
