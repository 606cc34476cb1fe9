package io.stowage.common.proto;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DataTailTest {
  private static final byte[] BYTES = {'{', '}', 0, 1, (byte) 0xff, '"', '\n'};

  @Test
  void bytesAfterTheJsonComeBackRawInTheDataField() {
    Buffer body = DataTail.encode(new JsonObject().put("bucket", "b1").put("key", "k"), BYTES);
    // the tail is raw: the body is the JSON's length prefix, the JSON, and exactly the bytes
    assertEquals(4 + "{\"bucket\":\"b1\",\"key\":\"k\"}".length() + BYTES.length, body.length());
    JsonObject j = DataTail.decode(body);
    assertEquals("b1", j.getString("bucket"));
    assertArrayEquals(BYTES, j.getBinary("data"));
  }

  @Test
  void headThenDataSentSeparatelyIsTheSameBody() {
    JsonObject json = new JsonObject().put("entry", new JsonObject().put("size", 7));
    Buffer body = DataTail.head(json).appendBytes(BYTES);
    assertEquals(DataTail.encode(json, BYTES), body);
  }

  @Test
  void plainJsonWithBase64DataStillDecodes() {
    Buffer plain = new JsonObject().put("key", "k").put("data", BYTES).toBuffer();
    assertEquals('{', plain.getByte(0));
    JsonObject j = DataTail.decode(plain);
    assertArrayEquals(BYTES, j.getBinary("data"));
    assertEquals("k", DataTail.decode(Buffer.buffer(" \n" + plain)).getString("key"), "JSON may start with blanks");
  }

  @Test
  void aTailOfNoBytesMeansNoDataField() {
    JsonObject j = DataTail.decode(DataTail.head(new JsonObject().put("found", false)));
    assertEquals(new JsonObject().put("found", false), j);
    assertTrue(DataTail.decode(Buffer.buffer()).isEmpty());
  }

  @Test
  void malformedBodiesAreRefused() {
    // JSON length past the end of the body
    assertThrows(DecodeException.class, () -> DataTail.decode(Buffer.buffer().appendInt(100).appendString("{}")));
    // too short for a length
    assertThrows(DecodeException.class, () -> DataTail.decode(Buffer.buffer(new byte[] {0, 0})));
    // a tail and a data field: which bytes are meant is ambiguous
    Buffer both = DataTail.encode(new JsonObject().put("data", "AAEC"), BYTES);
    assertThrows(DecodeException.class, () -> DataTail.decode(both));
    // the JSON part is not JSON
    assertThrows(DecodeException.class, () -> DataTail.decode(Buffer.buffer().appendInt(2).appendString("xx")));
  }
}
