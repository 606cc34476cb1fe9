package io.stowage.s3.auth;

/** {@code <yyyyMMdd>/<region>/<service>/aws4_request}: the scope a SigV4 signature is valid for. */
public record CredentialScope(String date, String region, String service) {

    /** The scope string used in the string to sign. */
    @Override
    public String toString() {
        return date + '/' + region + '/' + service + '/' + SigV4.TERMINATOR;
    }
}
