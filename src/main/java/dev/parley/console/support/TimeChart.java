package dev.parley.console.support;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A chart drawn in the browser by Chart.js (console-assets/, DD-042). The library and Parley's
 * wrapper are one static script loaded on first use, outside Vaadin's pre-built bundle; the data
 * goes over as JSON, never as code.
 */
@Tag("div")
public class TimeChart extends Component implements HasSize {

    static final String SCRIPT = "console/parley-charts.js";

    /** Load the script once per page, then draw; a failed load may be retried by the next chart. */
    private static final String RENDER = """
            const el = this;
            if (!window.parleyChartsLoading) {
              window.parleyChartsLoading = new Promise((loaded, failed) => {
                if (window.parleyCharts) { loaded(); return; }
                const script = document.createElement('script');
                script.src = new URL($0, document.baseURI).href;
                script.onload = () => loaded();
                script.onerror = () => { window.parleyChartsLoading = null; failed(new Error('Charts could not be loaded')); };
                document.head.appendChild(script);
              });
            }
            return window.parleyChartsLoading.then(() => window.parleyCharts.render(el, JSON.parse($1)));""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public enum Kind { LINE, BAR }

    /** One line or bar series; {@code color} null picks the next palette colour. */
    public record Series(String name, List<? extends Number> values, String color) {}

    /** What the chart shows; {@code summary} is its accessible description. */
    public record Spec(Kind kind, List<String> labels, List<Series> series, boolean percent, boolean stacked, String summary) {}

    private Spec spec;

    public TimeChart() {
        addClassName("parley-chart");
    }

    public void show(Spec spec) {
        this.spec = spec;
        getElement().setAttribute("aria-label", spec.summary());
        if (isAttached()) draw();
    }

    public Spec spec() {
        return spec;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        if (spec != null) draw();
    }

    private void draw() {
        getElement().executeJs(RENDER, SCRIPT, JSON.writeValueAsString(spec));
    }
}
