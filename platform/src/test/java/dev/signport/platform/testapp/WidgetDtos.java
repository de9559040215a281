package dev.signport.platform.testapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** Request and response records of the test API. */
public final class WidgetDtos {
    private WidgetDtos() {}

    public record CreateWidget(@NotBlank @Size(max = 100) String name, @NotNull @Min(0) @Max(1000) Integer quantity,
            @Valid List<Part> parts) {}

    public record Part(@NotBlank String label) {}

    public record WidgetView(String id, String name, int quantity, Instant createdAt) {
        static WidgetView of(Widget w) {
            return new WidgetView(w.id, w.name, w.quantity, w.createdAt);
        }
    }

    public record WidgetEvent(String widgetId, String tenantId, String name, int quantity) {}
}
