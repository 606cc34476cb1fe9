package io.stowage.tracker.cluster;

import io.stowage.tracker.placement.GroupView;
import io.stowage.tracker.placement.PathUsage;
import io.stowage.tracker.placement.ServerView;
import java.util.ArrayList;
import java.util.List;

/** Joins the durable state with this tracker's soft state into the view placement works on. */
public final class ClusterViews {
  private ClusterViews() {}

  public static List<GroupView> groups(ClusterState state, SoftState soft) {
    List<GroupView> out = new ArrayList<>();
    state.groups().forEach((name, servers) -> {
      List<ServerView> views = new ArrayList<>(servers.size());
      for (ServerRecord s : servers) {
        views.add(server(s, soft));
      }
      out.add(new GroupView(name, views));
    });
    return out;
  }

  public static ServerView server(ServerRecord s, SoftState soft) {
    SoftState.Beat b = soft.beat(s.serverId()).orElse(null);
    List<PathUsage> paths = b == null ? List.of() : b.paths();
    return new ServerView(s.serverId(), s.group(), s.host(), s.port(), s.status(), s.uploadPriority(), paths,
        b == null ? 0 : b.lastBeatMs());
  }
}
