package io.stowage.s3.auth;

import io.stowage.s3.error.S3Exception;
import java.util.function.Supplier;

/** {@code Credential=<access key>/<scope>} from an Authorization header or X-Amz-Credential parameter. */
public record Credential(String accessKeyId, CredentialScope scope) {

    /**
     * Splits {@code AKID/20130524/us-east-1/s3/aws4_request}. The scope is taken from the right so
     * that an unusual access key containing {@code /} still parses.
     *
     * @param malformed the error to throw; its code differs between header and query auth
     */
    public static Credential parse(String value, Supplier<S3Exception> malformed) {
        if (value == null) {
            throw malformed.get();
        }
        String[] parts = value.split("/", -1);
        if (parts.length < 5 || !SigV4.TERMINATOR.equals(parts[parts.length - 1])) {
            throw malformed.get();
        }
        int n = parts.length;
        String date = parts[n - 4];
        String region = parts[n - 3];
        String service = parts[n - 2];
        String accessKey = String.join("/", java.util.Arrays.copyOfRange(parts, 0, n - 4));
        if (accessKey.isEmpty() || !isEightDigits(date) || region.isEmpty() || service.isEmpty()) {
            throw malformed.get();
        }
        return new Credential(accessKey, new CredentialScope(date, region, service));
    }

    private static boolean isEightDigits(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
