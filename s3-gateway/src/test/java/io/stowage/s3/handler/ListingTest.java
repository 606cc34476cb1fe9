package io.stowage.s3.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ListingTest {
  @Test
  void compareUtf8FollowsByteOrderNotUtf16() {
    String bmpHigh = "\uFF61";
    String supplementary = new String(Character.toChars(0x1F600));
    // UTF-16 puts the surrogate pair first; UTF-8 byte order puts it last.
    assertTrue(bmpHigh.compareTo(supplementary) > 0);
    assertTrue(Listing.compareUtf8(bmpHigh, supplementary) < 0);
    assertEquals(Integer.signum(Arrays.compareUnsigned(bmpHigh.getBytes(StandardCharsets.UTF_8),
        supplementary.getBytes(StandardCharsets.UTF_8))), Integer.signum(Listing.compareUtf8(bmpHigh, supplementary)));
    assertTrue(Listing.compareUtf8("a", "a/") < 0);
    assertEquals(0, Listing.compareUtf8("a/b", "a/b"));
  }

  @Test
  void successorOfAPrefixSortsAfterEveryKeyUnderIt() {
    String cp = "photos/";
    String after = cp + Listing.MAX_CHAR;
    for (String key : new String[] {"photos/a", "photos/\uFFFF", "photos/" + new String(Character.toChars(0x10FFFE)),
        "photos/zzz/\u00fc"}) {
      assertTrue(Listing.compareUtf8(key, after) < 0, key);
    }
    assertTrue(Listing.compareUtf8("photos0", after) > 0);
  }

  @Test
  void continuationTokenRoundTrips() {
    String k = "ü/€ a+b/";
    assertEquals(k, ListObjectsV2Handler.decodeToken(ListObjectsV2Handler.encodeToken(k)));
  }
}
