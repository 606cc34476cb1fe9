package io.stowage.s3.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  @Test
  void enoentDependsOnContext() {
    ProtoException enoent = new ProtoException(ErrorCode.ENOENT, "x");
    assertEquals("NoSuchKey", ErrorMapper.toS3(enoent).code());
    assertEquals("NoSuchBucket", ErrorMapper.toS3(enoent, S3Error.NO_SUCH_BUCKET).code());
  }

  @Test
  void coreCodesMapToS3Errors() {
    assertEquals(S3Error.BUCKET_ALREADY_EXISTS, ErrorMapper.fromCode(ErrorCode.EEXIST, S3Error.NO_SUCH_KEY));
    assertEquals(S3Error.SERVICE_UNAVAILABLE, ErrorMapper.fromCode(ErrorCode.ECONNREFUSED, S3Error.NO_SUCH_KEY));
    assertEquals(S3Error.SLOW_DOWN, ErrorMapper.fromCode(ErrorCode.EBUSY, S3Error.NO_SUCH_KEY));
    assertEquals(S3Error.INTERNAL_ERROR, ErrorMapper.fromCode(ErrorCode.EIO, S3Error.NO_SUCH_KEY));
  }

  @Test
  void s3ExceptionsPassThroughAndOthersAreInternalErrors() {
    S3Exception e = S3Exception.of(S3Error.BAD_DIGEST);
    assertSame(e, ErrorMapper.toS3(e));
    S3Exception internal = ErrorMapper.toS3(new IllegalStateException("boom"));
    assertEquals(500, internal.httpStatus());
    assertEquals(IllegalStateException.class, internal.getCause().getClass());
  }
}
