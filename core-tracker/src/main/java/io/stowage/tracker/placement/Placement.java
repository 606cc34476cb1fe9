package io.stowage.tracker.placement;

import io.stowage.common.config.ReservedSpace;
import io.stowage.common.proto.ErrorCode;
import io.stowage.common.proto.ProtoException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tracker's placement decisions as pure functions of a cluster view plus round-robin counters:
 * which group and server take an upload, which store path on it, which member serves a download or
 * an update. Inputs are lists sorted by group name and server ID, so the same counters give the same
 * answers. Thread-safe.
 */
public final class Placement {
  private final StoreLookupPolicy storeLookup;
  private final String storeGroup;
  private final StoreServerPolicy storeServer;
  private final StorePathPolicy storePath;
  private final DownloadServerPolicy downloadServer;
  private final ReservedSpace reserved;
  private final Map<String, ReservedSpace> reservedPerGroup;

  private final AtomicLong groupTurn = new AtomicLong();
  private final Map<String, AtomicLong> serverTurn = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicLong> pathTurn = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> readTurn = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> lastPath = new ConcurrentHashMap<>();
  private final Map<String, Integer> lastServer = new ConcurrentHashMap<>();

  public Placement(StoreLookupPolicy storeLookup, String storeGroup, StoreServerPolicy storeServer, StorePathPolicy storePath,
      DownloadServerPolicy downloadServer, ReservedSpace reserved) {
    this(storeLookup, storeGroup, storeServer, storePath, downloadServer, reserved, Map.of());
  }

  /** @param reservedPerGroup per-group overrides of {@code reserved} ({@code reserved_storage_space_per_group}) */
  public Placement(StoreLookupPolicy storeLookup, String storeGroup, StoreServerPolicy storeServer, StorePathPolicy storePath,
      DownloadServerPolicy downloadServer, ReservedSpace reserved, Map<String, ReservedSpace> reservedPerGroup) {
    this.reservedPerGroup = Map.copyOf(reservedPerGroup);
    this.storeLookup = storeLookup;
    this.storeGroup = storeGroup;
    this.storeServer = storeServer;
    this.storePath = storePath;
    this.downloadServer = downloadServer;
    this.reserved = reserved;
  }

  public ReservedSpace reserved() {
    return reserved;
  }

  /** The space kept free on {@code group}'s servers. */
  public ReservedSpace reserved(String group) {
    return reservedPerGroup.getOrDefault(group, reserved);
  }

  /** Upload without a group (QUERY_STORE_WITHOUT_GROUP_*): group by {@code store_lookup}. */
  public StoreTarget chooseStore(List<GroupView> groups) {
    return chooseStore(chooseGroup(groups));
  }

  /** Upload to a named group (QUERY_STORE_WITH_GROUP_*). ENOENT if unknown, ENOSPC if full. */
  public StoreTarget chooseStore(List<GroupView> groups, String group) {
    return chooseStore(find(groups, group));
  }

  public GroupView chooseGroup(List<GroupView> groups) {
    if (storeLookup == StoreLookupPolicy.SPECIFY_GROUP) {
      GroupView g = find(groups, storeGroup);
      if (!g.writable(reserved(g.name()))) {
        throw new ProtoException(ErrorCode.ENOSPC, "group " + storeGroup + " takes no writes");
      }
      return g;
    }
    List<GroupView> writable = groups.stream().filter(g -> g.writable(reserved(g.name()))).toList();
    if (writable.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOSPC, "no group takes writes");
    }
    if (storeLookup == StoreLookupPolicy.ROUND_ROBIN) {
      return writable.get(turn(groupTurn, writable.size()));
    }
    // most free space; ties go to the first by name
    GroupView best = writable.get(0);
    for (GroupView g : writable) {
      if (g.freeMb() > best.freeMb()) {
        best = g;
      }
    }
    return best;
  }

  public StoreTarget chooseStore(GroupView group) {
    List<ServerView> servers = writableServers(group);
    ServerView server = switch (storeServer) {
      case ROUND_ROBIN -> servers.get(turn(serverTurn.computeIfAbsent(group.name(), k -> new AtomicLong()), servers.size()));
      case FIRST_BY_IP -> servers.stream().min(Comparator.comparing(s -> ipKey(s.host()))).orElseThrow();
      case FIRST_BY_PRIORITY -> servers.stream().min(Comparator.comparingInt(ServerView::uploadPriority)).orElseThrow();
    };
    lastServer.put(group.name(), server.serverId());
    return new StoreTarget(group, server, choosePath(server));
  }

  /** The servers of a writable group that can take an upload (QUERY_STORE_*_ALL lists them). */
  public List<ServerView> writableServers(GroupView group) {
    if (!group.writable(reserved(group.name()))) {
      throw new ProtoException(ErrorCode.ENOSPC, "group " + group.name() + " takes no writes");
    }
    return group.serving();
  }

  public int choosePath(ServerView server) {
    List<PathUsage> paths = server.paths().stream().filter(p -> p.writable(reserved(server.group()))).toList();
    if (paths.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOSPC, "server " + server.serverId() + " has no writable store path");
    }
    PathUsage p = switch (storePath) {
      case ROUND_ROBIN -> paths.get(turn(pathTurn.computeIfAbsent(server.serverId(), k -> new AtomicLong()), paths.size()));
      case LOAD_BALANCE -> paths.stream().max(Comparator.comparingLong(PathUsage::freeMb)).orElseThrow();
    };
    lastPath.put(server.serverId(), p.index());
    return p.index();
  }

  /** The server to download a file from (QUERY_FETCH_ONE); ENOENT when no member serves. */
  public ServerView chooseFetch(GroupView group, int sourceServerId) {
    List<ServerView> serving = group.serving();
    if (serving.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOENT, "no serving member in group " + group.name());
    }
    if (downloadServer == DownloadServerPolicy.SOURCE_FIRST) {
      Optional<ServerView> source = serving.stream().filter(s -> s.serverId() == sourceServerId).findFirst();
      if (source.isPresent()) {
        return source.get();
      }
    }
    return serving.get(turn(readTurn.computeIfAbsent(group.name(), k -> new AtomicLong()), serving.size()));
  }

  /** Every member that can serve the file, the preferred one first (QUERY_FETCH_ALL). */
  public List<ServerView> fetchAll(GroupView group, int sourceServerId) {
    ServerView first = chooseFetch(group, sourceServerId);
    List<ServerView> rest = group.serving().stream().filter(s -> s.serverId() != first.serverId()).toList();
    java.util.ArrayList<ServerView> out = new java.util.ArrayList<>(rest.size() + 1);
    out.add(first);
    out.addAll(rest);
    return out;
  }

  /**
   * The server to change a file on (QUERY_UPDATE: delete, metadata, append): its source server while
   * it serves, else any serving member (every in-sync member holds the file).
   */
  public ServerView chooseUpdate(GroupView group, int sourceServerId) {
    List<ServerView> serving = group.serving();
    for (ServerView s : serving) {
      if (s.serverId() == sourceServerId) {
        return s;
      }
    }
    if (serving.isEmpty()) {
      throw new ProtoException(ErrorCode.ENOENT, "no serving member in group " + group.name());
    }
    return serving.get(turn(readTurn.computeIfAbsent(group.name(), k -> new AtomicLong()), serving.size()));
  }

  /** Index of the store path last handed out for {@code serverId} (the stat records report it). */
  public int currentWritePath(int serverId) {
    return lastPath.getOrDefault(serverId, 0);
  }

  /** Server ID last chosen for an upload to {@code group}, or 0. */
  public int currentWriteServer(String group) {
    return lastServer.getOrDefault(group, 0);
  }

  public static GroupView find(List<GroupView> groups, String name) {
    for (GroupView g : groups) {
      if (g.name().equals(name)) {
        return g;
      }
    }
    throw new ProtoException(ErrorCode.ENOENT, "no group " + name);
  }

  private static int turn(AtomicLong counter, int size) {
    return (int) Math.floorMod(counter.getAndIncrement(), (long) size);
  }

  /** Sort key for an address: dotted IPv4 numerically, anything else after all IPv4 by text. */
  static String ipKey(String host) {
    String[] parts = host.split("\\.");
    if (parts.length == 4) {
      StringBuilder b = new StringBuilder("0");
      try {
        for (String p : parts) {
          int v = Integer.parseInt(p);
          if (v < 0 || v > 255) {
            return "1" + host;
          }
          b.append(String.format("%03d", v));
        }
        return b.toString();
      } catch (NumberFormatException e) {
        return "1" + host;
      }
    }
    return "1" + host;
  }
}
