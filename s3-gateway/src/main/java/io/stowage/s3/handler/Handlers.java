package io.stowage.s3.handler;

import io.stowage.s3.http.S3Operation;
import java.util.EnumMap;
import java.util.Map;

/** The handler of every operation, for one event loop's {@link Backend}. */
public final class Handlers {
  private Handlers() {}

  public static Map<S3Operation, S3Handler> create(Backend backend) {
    Map<S3Operation, S3Handler> m = new EnumMap<>(S3Operation.class);
    m.put(S3Operation.LIST_BUCKETS, new ListBucketsHandler(backend));
    m.put(S3Operation.CREATE_BUCKET, new CreateBucketHandler(backend));
    m.put(S3Operation.HEAD_BUCKET, new HeadBucketHandler(backend));
    m.put(S3Operation.DELETE_BUCKET, new DeleteBucketHandler(backend));
    m.put(S3Operation.GET_BUCKET_LOCATION, new GetBucketLocationHandler(backend));
    m.put(S3Operation.GET_BUCKET_VERSIONING, new GetBucketVersioningHandler(backend));
    m.put(S3Operation.LIST_OBJECTS, new ListObjectsHandler(backend));
    m.put(S3Operation.LIST_OBJECTS_V2, new ListObjectsV2Handler(backend));
    m.put(S3Operation.LIST_OBJECT_VERSIONS, new ListObjectVersionsHandler(backend));
    m.put(S3Operation.DELETE_OBJECTS, new DeleteObjectsHandler(backend));
    m.put(S3Operation.PUT_OBJECT, new PutObjectHandler(backend));
    m.put(S3Operation.COPY_OBJECT, new CopyObjectHandler(backend));
    m.put(S3Operation.GET_OBJECT, new GetObjectHandler(backend));
    m.put(S3Operation.HEAD_OBJECT, new HeadObjectHandler(backend));
    m.put(S3Operation.DELETE_OBJECT, new DeleteObjectHandler(backend));
    m.put(S3Operation.CREATE_MULTIPART_UPLOAD, new CreateMultipartUploadHandler(backend));
    m.put(S3Operation.UPLOAD_PART, new UploadPartHandler(backend));
    m.put(S3Operation.UPLOAD_PART_COPY, new UploadPartCopyHandler(backend));
    m.put(S3Operation.COMPLETE_MULTIPART_UPLOAD, new CompleteMultipartUploadHandler(backend));
    m.put(S3Operation.ABORT_MULTIPART_UPLOAD, new AbortMultipartUploadHandler(backend));
    m.put(S3Operation.LIST_PARTS, new ListPartsHandler(backend));
    m.put(S3Operation.LIST_MULTIPART_UPLOADS, new ListMultipartUploadsHandler(backend));
    for (S3Operation op : S3Operation.values()) {
      if (!m.containsKey(op)) {
        throw new IllegalStateException("no handler for " + op);
      }
    }
    return Map.copyOf(m);
  }
}
