package dev.signport.envelope.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.domain.Reminders;
import dev.signport.envelope.domain.TenantSettings;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;
import java.util.Map;

/** Attribute converters between the JSON text columns and their Java types. */
public final class JsonConverters {

    private JsonConverters() {
    }

    @Converter
    public static class Recipients implements AttributeConverter<List<Recipient>, String> {
        private static final TypeReference<List<Recipient>> TYPE = new TypeReference<>() {
        };

        @Override
        public String convertToDatabaseColumn(List<Recipient> value) {
            return Json.write(value == null ? List.of() : value);
        }

        @Override
        public List<Recipient> convertToEntityAttribute(String json) {
            return json == null ? List.of() : List.copyOf(Json.read(json, TYPE));
        }
    }

    @Converter
    public static class Strings implements AttributeConverter<List<String>, String> {
        private static final TypeReference<List<String>> TYPE = new TypeReference<>() {
        };

        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return Json.write(value == null ? List.of() : value);
        }

        @Override
        public List<String> convertToEntityAttribute(String json) {
            return json == null ? List.of() : List.copyOf(Json.read(json, TYPE));
        }
    }

    @Converter
    public static class StringMap implements AttributeConverter<Map<String, String>, String> {
        private static final TypeReference<java.util.LinkedHashMap<String, String>> TYPE = new TypeReference<>() {
        };

        @Override
        public String convertToDatabaseColumn(Map<String, String> value) {
            return Json.write(value == null ? Map.of() : value);
        }

        @Override
        public Map<String, String> convertToEntityAttribute(String json) {
            return json == null ? Map.of() : Json.read(json, TYPE);
        }
    }

    @Converter
    public static class ReminderSchedule implements AttributeConverter<Reminders, String> {
        @Override
        public String convertToDatabaseColumn(Reminders value) {
            return value == null ? null : Json.write(value);
        }

        @Override
        public Reminders convertToEntityAttribute(String json) {
            return json == null ? null : Json.read(json, Reminders.class);
        }
    }

    @Converter
    public static class Settings implements AttributeConverter<TenantSettings, String> {
        @Override
        public String convertToDatabaseColumn(TenantSettings value) {
            return Json.write(value == null ? TenantSettings.EMPTY : value);
        }

        @Override
        public TenantSettings convertToEntityAttribute(String json) {
            return json == null ? TenantSettings.EMPTY : Json.read(json, TenantSettings.class);
        }
    }

    @Converter
    public static class Capabilities implements AttributeConverter<ProviderCapabilities, String> {
        @Override
        public String convertToDatabaseColumn(ProviderCapabilities value) {
            return Json.write(value);
        }

        @Override
        public ProviderCapabilities convertToEntityAttribute(String json) {
            return Json.read(json, ProviderCapabilities.class);
        }
    }
}
