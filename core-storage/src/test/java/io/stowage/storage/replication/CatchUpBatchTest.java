package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.proto.DataTail;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which binlog records catch-up applies together (index records and creates of distinct files;
 * other file records alone), and how it reads the lines of a BINLOG_READ answer.
 */
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
  void indexRecordsAndCreatesOfDistinctFilesGoTogetherOtherFileRecordsAlone() {
    byte[] data = String.join("\n",
        "1 X YnVj YQ,1,1",
        "1 y YnVj Yg,2,1",
        "1 c M00/00/00/f0",
        "1 C M00/00/00/f1",
        "1 A M00/00/00/f1 0 10",
        "1 X YnVj ZA,4,1",
        "garbage",
        "1 Y YnVj ZQ,5,1",
        "1 D M00/00/00/f0",
        "1 C M00/00/00/f2",
        "1 C M00/00/00/f2", "").getBytes(StandardCharsets.UTF_8);
    List<long[]> l = lines(data);
    assertEquals(4, CatchUp.batchEnd(data, l, 0), "index records and two creates at once");
    assertEquals(5, CatchUp.batchEnd(data, l, 4), "an append alone, after its create");
    assertEquals(6, CatchUp.batchEnd(data, l, 5), "a malformed line ends a run");
    assertEquals(7, CatchUp.batchEnd(data, l, 6), "and is applied (skipped as corrupt) alone");
    assertEquals(8, CatchUp.batchEnd(data, l, 7), "a delete ends a run");
    assertEquals(9, CatchUp.batchEnd(data, l, 8), "and goes alone");
    assertEquals(10, CatchUp.batchEnd(data, l, 9), "a second record of the same file starts a new run");
    assertEquals(11, CatchUp.batchEnd(data, l, 10));
  }

  @Test
  void aRunIsCappedAtTheBatchSize() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < CatchUp.RUN_RECORDS + 5; i++) {
      b.append("1 X YnVj YQ,").append(i).append(",1\n");
    }
    byte[] data = b.toString().getBytes(StandardCharsets.UTF_8);
    List<long[]> l = lines(data);
    assertEquals(CatchUp.RUN_RECORDS, CatchUp.batchEnd(data, l, 0));
    assertEquals(CatchUp.RUN_RECORDS + 5, CatchUp.batchEnd(data, l, CatchUp.RUN_RECORDS));

    StringBuilder files = new StringBuilder();
    for (int i = 0; i < CatchUp.RUN_FILE_PULLS + 3; i++) {
      files.append("1 C M00/00/00/f").append(i).append('\n');
    }
    byte[] creates = files.toString().getBytes(StandardCharsets.UTF_8);
    assertEquals(CatchUp.RUN_FILE_PULLS, CatchUp.batchEnd(creates, lines(creates), 0), "at most RUN_FILE_PULLS pulls at once");
  }

  @Test
  void binlogLinesComeFromATailOrFromStandardBase64() {
    byte[] raw = "1 C M00/00/00/f???~~~\n".getBytes(StandardCharsets.UTF_8);
    JsonObject tailed = DataTail.decode(DataTail.encode(new JsonObject().put("offset", 0), raw));
    assertArrayEquals(raw, CatchUp.lines(tailed));
    // a server without tails answers standard base64, here with '/' and '+' (which base64url lacks)
    String base64 = Base64.getEncoder().encodeToString(raw);
    assertTrue(base64.contains("/") && base64.contains("+"), base64);
    JsonObject plain = new JsonObject().put("data", base64);
    assertArrayEquals(raw, CatchUp.lines(plain));
    assertEquals(0, CatchUp.lines(new JsonObject().put("data", "")).length);
    assertEquals(0, CatchUp.lines(new JsonObject()).length);
  }
}
