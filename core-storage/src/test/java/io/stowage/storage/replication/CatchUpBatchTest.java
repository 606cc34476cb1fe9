package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which binlog records catch-up applies together: runs of index records, never a file record with anything. */
class CatchUpBatchTest {
  private static List<long[]> lines(byte[] data) {
    List<long[]> out = new ArrayList<>();
    int s = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] == '\n') {
        out.add(new long[] {s, i});
        s = i + 1;
      }
    }
    return out;
  }

  @Test
  void consecutiveIndexRecordsGoTogetherAndFileRecordsAlone() {
    byte[] data = String.join("\n",
        "1 X YnVj YQ,1,1",
        "1 y YnVj Yg,2,1",
        "1 x YnVj Yw,3,2",
        "1 C M00/00/00/f1",
        "1 A M00/00/00/f1 0 10",
        "1 X YnVj ZA,4,1",
        "garbage",
        "1 Y YnVj ZQ,5,1", "").getBytes(StandardCharsets.UTF_8);
    List<long[]> l = lines(data);
    assertEquals(3, CatchUp.batchEnd(data, l, 0), "three index records at once");
    assertEquals(4, CatchUp.batchEnd(data, l, 3), "a create alone");
    assertEquals(5, CatchUp.batchEnd(data, l, 4), "its append alone, after it");
    assertEquals(6, CatchUp.batchEnd(data, l, 5), "a malformed line ends a run");
    assertEquals(7, CatchUp.batchEnd(data, l, 6), "and is applied (skipped as corrupt) alone");
    assertEquals(8, CatchUp.batchEnd(data, l, 7));
  }

  @Test
  void aRunIsCappedAtTheBatchSize() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < CatchUp.INDEX_BATCH + 5; i++) {
      b.append("1 X YnVj YQ,").append(i).append(",1\n");
    }
    byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
    List<long[]> l = lines(data);
    assertEquals(CatchUp.INDEX_BATCH, CatchUp.batchEnd(data, l, 0));
    assertEquals(CatchUp.INDEX_BATCH + 5, CatchUp.batchEnd(data, l, CatchUp.INDEX_BATCH));
  }
}
