package io.stowage.s3.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoded parameters of a raw query string, in order, names case-sensitive (as AWS treats
 * {@code X-Amz-*} parameters). {@code +} decodes to space, as in form encoding.
 */
public final class QueryParams {
    /** One parameter; a name without {@code =} has the empty value. */
    public record Param(String name, String value) {
    }

    private static final QueryParams EMPTY = new QueryParams(List.of());
    private final List<Param> params;

    private QueryParams(List<Param> params) {
        this.params = params;
    }

    /** Parses {@code a=1&b&c=x%20y}; null or empty gives no parameters. Malformed escapes are InvalidURI. */
    public static QueryParams parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        List<Param> out = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(new Param(AwsUriEncoding.decode(name, true), AwsUriEncoding.decode(value, true)));
        }
        return new QueryParams(List.copyOf(out));
    }

    public List<Param> all() {
        return params;
    }

    /** First value of {@code name}, or null. */
    public String get(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }
}
