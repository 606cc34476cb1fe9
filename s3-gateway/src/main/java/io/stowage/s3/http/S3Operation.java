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
  DELETE_OBJECTS("DeleteObjects"),
  PUT_OBJECT("PutObject"),
  COPY_OBJECT("CopyObject"),
  GET_OBJECT("GetObject"),
  HEAD_OBJECT("HeadObject"),
  DELETE_OBJECT("DeleteObject");

  private final String awsName;

  S3Operation(String awsName) {
    this.awsName = awsName;
  }

  /** The operation's name in the AWS API reference, e.g. {@code PutObject}. */
  public String awsName() {
    return awsName;
  }
}
