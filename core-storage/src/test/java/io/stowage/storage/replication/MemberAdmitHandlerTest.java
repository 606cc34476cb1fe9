package io.stowage.storage.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stowage.common.cluster.ServerStatus;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MEMBER_ADMIT admits a catching-up member only at the address it listens on now: a member restarted
 * on another port, while this server's view still holds the old one (reported out of sync before the
 * restart, no beat since), is refused until the view catches up, else the writes meant for it go to
 * the dead address and it is reported out of sync again right after its SYNC_DONE.
 */
class MemberAdmitHandlerTest {
  private static GroupMembers view(ServerStatus peer, int peerPort) {
    return new GroupMembers(ServerStatus.ACTIVE, List.of(new GroupMembers.Member(1, "127.0.0.1", 23001, ServerStatus.ACTIVE),
        new GroupMembers.Member(2, "127.0.0.1", peerPort, peer, 3)), 1);
  }

  private static JsonObject req(String host, int port) {
    JsonObject j = new JsonObject().put("serverId", 2).put("port", port);
    return host == null ? j : j.put("host", host);
  }

  @Test
  void aMemberKnownAtItsCurrentAddressIsAdmitted() {
    assertEquals(23002, MemberAdmitHandler.admissible(view(ServerStatus.SYNCING, 23002), 2, req("127.0.0.1", 23002)).port());
    assertEquals(23002, MemberAdmitHandler.admissible(view(ServerStatus.WAIT_SYNC, 23002), 2, req(null, 23002)).port());
    assertEquals(23002, MemberAdmitHandler.admissible(view(ServerStatus.SYNCING, 23002), 2, req("", 23002)).port(),
        "blank host: the trackers use the address the beats come from");
  }

  @Test
  void aMemberStillKnownAtItsAddressFromBeforeARestartIsRefusedUntilTheNextBeat() {
    ProtoException e = assertThrows(ProtoException.class,
        () -> MemberAdmitHandler.admissible(view(ServerStatus.SYNCING, 41687), 2, req("127.0.0.1", 23002)));
    assertEquals(ErrorCode.EAGAIN, e.code());
    assertEquals(ErrorCode.EAGAIN, assertThrows(ProtoException.class,
        () -> MemberAdmitHandler.admissible(view(ServerStatus.SYNCING, 23002), 2, req("10.0.0.9", 23002))).code());
  }

  @Test
  void anUnknownMemberIsRefusedAndAnOldStyleRequestIsNotAddressChecked() {
    assertEquals(ErrorCode.EAGAIN, assertThrows(ProtoException.class,
        () -> MemberAdmitHandler.admissible(view(ServerStatus.OFFLINE, 23002), 2, req(null, 23002))).code());
    assertEquals(41687, MemberAdmitHandler.admissible(view(ServerStatus.SYNCING, 41687), 2, new JsonObject().put("serverId", 2)).port());
  }
}
