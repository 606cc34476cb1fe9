package io.stowage.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.stowage.tracker.cluster.ServerRecord;
import io.stowage.tracker.cluster.StorePathTotal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerDeleteStorageHandlerTest {
  static ServerRecord server(int id, String group, String host, int port, ServerStatus status) {
    return new ServerRecord(id, group, host, port, status, List.of(new StorePathTotal(0, 1000)), 0, 10, 256, "0.1");
  }

  private final List<ServerRecord> servers = List.of(
      server(100001, "group1", "10.0.0.1", 23000, ServerStatus.ACTIVE),
      server(100002, "group1", "10.0.0.2", 23000, ServerStatus.DELETED),
      server(100003, "group1", "10.0.0.2", 23000, ServerStatus.WAIT_SYNC),
      server(100004, "group1", "10.0.0.4", 23000, ServerStatus.ACTIVE),
      server(100005, "group1", "10.0.0.4", 23001, ServerStatus.ACTIVE),
      server(100006, "group2", "10.0.0.6", 23000, ServerStatus.ACTIVE));

  @Test
  void aStorageIdIsAServerIdOrAnAddressOfTheGroup() {
    assertEquals(100001, ServerDeleteStorageHandler.resolve(servers, "group1", "100001").serverId());
    assertEquals(100001, ServerDeleteStorageHandler.resolve(servers, "group1", "10.0.0.1").serverId());
    assertEquals(100003, ServerDeleteStorageHandler.resolve(servers, "group1", "10.0.0.2").serverId(), "the live replacement, not the deleted one");
    assertEquals(100005, ServerDeleteStorageHandler.resolve(servers, "group1", "10.0.0.4:23001").serverId());
  }

  @Test
  void unknownOrAmbiguousIdsAreRefused() {
    assertEquals(ErrorCode.ENOENT, code(() -> ServerDeleteStorageHandler.resolve(servers, "group1", "100006")), "another group's server");
    assertEquals(ErrorCode.ENOENT, code(() -> ServerDeleteStorageHandler.resolve(servers, "group9", "100001")));
    assertEquals(ErrorCode.ENOENT, code(() -> ServerDeleteStorageHandler.resolve(servers, "group1", "10.9.9.9")));
    assertEquals(ErrorCode.EINVAL, code(() -> ServerDeleteStorageHandler.resolve(servers, "group1", "10.0.0.4")), "two servers on that IP");
  }

  private static ErrorCode code(Runnable r) {
    return assertThrows(ProtoException.class, r::run).code();
  }
}
