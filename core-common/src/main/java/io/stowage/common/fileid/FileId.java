package io.stowage.common.fileid;

import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import java.util.HexFormat;

/**
 * A FastDFS file ID: {@code group1/M00/00/2A/<name>}. The remote filename is everything after the
 * group. Parsing is strict so a file ID can never name a path outside a store path's data tree.
 */
public record FileId(String group, int storePathIndex, int dir1, int dir2, String name) {
  public static final int MAX_GROUP_LEN = 16;
  // file IDs are built and printed on every request that names a file: no regex, no String.format
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  public FileId {
    if (group == null || group.isEmpty() || group.length() > MAX_GROUP_LEN || !isGroupName(group)) {
      throw new ProtoException(ErrorCode.EINVAL, "bad group name");
    }
    if (storePathIndex < 0 || storePathIndex > 255 || dir1 < 0 || dir1 > 255 || dir2 < 0 || dir2 > 255) {
      throw new ProtoException(ErrorCode.EINVAL, "bad path index");
    }
    if (!isSafeName(name)) {
      throw new ProtoException(ErrorCode.EINVAL, "bad file name");
    }
  }

  public static FileId parse(String fileId) {
    int slash = fileId == null ? -1 : fileId.indexOf('/');
    if (slash <= 0) {
      throw new ProtoException(ErrorCode.EINVAL, "bad file id");
    }
    return parseRemote(fileId.substring(0, slash), fileId.substring(slash + 1));
  }

  /** Parses a remote filename ({@code M00/00/2A/name}) within {@code group}. */
  public static FileId parseRemote(String group, String remote) {
    if (remote == null || remote.length() < 11 || remote.charAt(0) != 'M' || remote.charAt(3) != '/'
        || remote.charAt(6) != '/' || remote.charAt(9) != '/') {
      throw new ProtoException(ErrorCode.EINVAL, "bad remote filename");
    }
    return new FileId(group, hex(remote, 1), hex(remote, 4), hex(remote, 7), remote.substring(10));
  }

  private static int hex(String s, int at) {
    int hi = Character.digit(s.charAt(at), 16);
    int lo = Character.digit(s.charAt(at + 1), 16);
    if (hi < 0 || lo < 0 || Character.isLowerCase(s.charAt(at)) || Character.isLowerCase(s.charAt(at + 1))) {
      throw new ProtoException(ErrorCode.EINVAL, "bad hex in remote filename");
    }
    return hi * 16 + lo;
  }

  private static boolean isGroupName(String group) {
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSafeName(String name) {
    if (name == null || name.isEmpty() || name.length() > 128 || name.startsWith(".")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public static String storePathName(int index) {
    return "M" + HEX.toHexDigits((byte) index);
  }

  public String remoteFilename() {
    return "M" + HEX.toHexDigits((byte) storePathIndex) + '/' + HEX.toHexDigits((byte) dir1) + '/'
        + HEX.toHexDigits((byte) dir2) + '/' + name;
  }

  /** Path of the data file relative to the store path. */
  public String relativeDataPath() {
    return "data/" + HEX.toHexDigits((byte) dir1) + '/' + HEX.toHexDigits((byte) dir2) + '/' + name;
  }

  @Override
  public String toString() {
    return group + "/" + remoteFilename();
  }
}
