package io.stowage.s3.http;

/** The S3 operations the gateway serves; each has one handler class named after it. */
public enum S3Operation {
  LIST_BUCKETS("ListBuckets"),
  CREATE_BUCKET("CreateBucket"),
  HEAD_BUCKET("HeadBucket"),
  DELETE_BUCKET("DeleteBucket"),
  GET_BUCKET_LOCATION("GetBucketLocation"),
  GET_BUCKET_VERSIONING("GetBucketVersioning"),
  LIST_OBJECTS("ListObjects"),
  LIST_OBJECTS_V2("ListObjectsV2"),
  LIST_OBJECT_VERSIONS("ListObjectVersions"),
  DELETE_OBJECTS("DeleteObjects"),
  PUT_OBJECT("PutObject"),
  COPY_OBJECT("CopyObject"),
  GET_OBJECT("GetObject"),
  HEAD_OBJECT("HeadObject"),
  DELETE_OBJECT("DeleteObject"),
  CREATE_MULTIPART_UPLOAD("CreateMultipartUpload"),
  UPLOAD_PART("UploadPart"),
  UPLOAD_PART_COPY("UploadPartCopy"),
  COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload"),
  ABORT_MULTIPART_UPLOAD("AbortMultipartUpload"),
  LIST_PARTS("ListParts"),
  LIST_MULTIPART_UPLOADS("ListMultipartUploads");

  private final String awsName;

  S3Operation(String awsName) {
    this.awsName = awsName;
  }

  /** The operation's name in the AWS API reference, e.g. {@code PutObject}. */
  public String awsName() {
    return awsName;
  }
}
