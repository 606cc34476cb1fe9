package io.stowage.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stowage.common.client.ClusterClient;
import io.stowage.common.client.Credential;
import io.stowage.common.client.FdfsClientPool;
import io.stowage.common.client.TrackerClient;
import io.stowage.testkit.MiniCluster;
import io.vertx.core.Promise;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin UI in headless Chromium (Debian's chromium + chromium-driver) against a 2-group
 * MiniCluster and the real S3 gateway: log in, see every group and server with status and capacity,
 * create a bucket, upload a file through the object browser and see it listed, create an access key
 * (secret shown once) and use it from the AWS SDK, watch the live page, and see a killed storage
 * server go OFFLINE with an alert. Screenshots go to {@code target/screenshots}. Skips when Chromium or
 * chromedriver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUiBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String ROOT_AK = "ROOTUIKEY";
  static final String ROOT_SK = "root-ui-secret-0123456789";

  MiniCluster cluster;
  io.stowage.s3.http.S3Gateway gateway;
  AdminServer admin;
  WebDriver driver;
  Path profile;
  Path shots = Path.of("target", "screenshots");

  @BeforeAll
  void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: the browser test needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); "
            + "install them with apt-get install -y chromium chromium-driver");
    cluster = MiniCluster.builder().groups(2).serversPerGroup(1).start();
    Promise<Void> put = Promise.promise();
    cluster.vertx().getOrCreateContext().runOnContext(v -> {
      FdfsClientPool pool = new FdfsClientPool(cluster.vertx(), cluster.secret(), 1);
      new ClusterClient(new TrackerClient(pool, cluster.trackerAddresses()))
          .putCredential(new Credential(ROOT_AK, ROOT_SK, true, List.of("admin"))).eventually(pool::close).onComplete(put);
    });
    put.future().await(30, TimeUnit.SECONDS);
    // The object browser's data path and the live stats go to the real S3 gateway.
    gateway = MiniCluster.await(io.stowage.s3.http.S3Gateway.start(cluster.vertx(),
        io.stowage.s3.http.GatewayConfig.of(cluster.trackerAddresses(), cluster.secret(), 0)));
    admin = MiniCluster.await(AdminServer.start(cluster.vertx(), AdminConfig.embedded("127.0.0.1", 0, cluster.trackerAddresses(),
        cluster.secret(), "http://127.0.0.1:" + gateway.port(), cluster.dir().resolve("admin-audit.log"))));
    Files.createDirectories(shots);
    profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (admin != null) {
      MiniCluster.await(admin.stop());
    }
    if (gateway != null) {
      MiniCluster.await(gateway.stop());
    }
    if (cluster != null) {
      cluster.close();
    }
    if (profile != null) {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  WebDriverWait waitUpTo(int seconds) {
    // Pages re-render every second or two: an element found a moment ago may be replaced.
    return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(200))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  void shot(String name) throws Exception {
    File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(f.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads from a page that re-renders itself: retried while elements go stale. */
  <T> T read(java.util.function.Function<WebDriver, T> f) {
    return waitUpTo(10).until(f::apply);
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  String serverStatus(String serverId) {
    List<WebElement> rows = driver.findElements(By.cssSelector("tr.server-row[data-server-id='" + serverId + "'] .server-status"));
    return rows.isEmpty() ? "" : rows.get(0).getText();
  }

  @Test
  void operatorManagesTheClusterFromTheBrowser() throws Exception {
    driver.get("http://127.0.0.1:" + admin.port() + "/");
    waitUpTo(15).until(d -> byId("login").isDisplayed());
    shot("01-login");

    byId("login-access-key").sendKeys(ROOT_AK);
    byId("login-secret-key").sendKeys("wrong-secret");
    byId("login-submit").click();
    waitUpTo(10).until(d -> byId("login-error").getText().contains("Login failed"));

    byId("login-secret-key").clear();
    byId("login-secret-key").sendKeys(ROOT_SK);
    byId("login-submit").click();
    waitUpTo(15).until(d -> byId("nav").isDisplayed());

    // Every group and server, with status and capacity.
    waitUpTo(30).until(d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("tr.server-row"));
      return rows.size() == 2 && rows.stream().allMatch(r -> r.getText().contains("ACTIVE") && r.getText().contains("%")
          && r.findElement(By.className("server-capacity")).getText().matches("(?s).*\\d.*/.*/.*"));
    });
    List<String> groups = read(d -> d.findElements(By.cssSelector("#groups-table tbody tr")).stream().map(r -> r.getAttribute("data-group")).toList());
    assertEquals(List.of("group1", "group2"), groups);
    String totals = read(d -> byId("total-servers").getText());
    assertTrue(totals.contains("2 / 2"), totals);
    String trackers = read(d -> byId("trackers").getText());
    assertTrue(trackers.contains("leader"), trackers);
    shot("02-overview");

    // Create a bucket.
    driver.findElement(By.cssSelector("#nav a[data-page='buckets']")).click();
    waitUpTo(10).until(d -> byId("bucket-name").isDisplayed());
    byId("bucket-name").sendKeys("ui-bucket");
    byId("bucket-group").sendKeys("group1");
    byId("bucket-create").click();
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("tr.bucket-row[data-bucket='ui-bucket']")).isEmpty());
    WebElement row = driver.findElement(By.cssSelector("tr.bucket-row[data-bucket='ui-bucket']"));
    assertTrue(row.getText().contains("group"), row.getText());
    waitUpTo(15).until(d -> d.findElement(By.cssSelector("tr.bucket-row[data-bucket='ui-bucket'] .bucket-usage")).getText().contains("0 objects"));
    shot("03-buckets");

    // The object browser lists the (empty) bucket.
    driver.findElement(By.cssSelector("tr.bucket-row[data-bucket='ui-bucket'] a.bucket-link")).click();
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("#objects-table")).isEmpty());
    assertTrue(byId("object-crumbs").getText().contains("ui-bucket"));
    // Upload a file from the browser and see it listed.
    Path upload = Files.writeString(profile.getParent().resolve("hello-from-browser.txt"), "hello from the browser\n");
    byId("upload-file").sendKeys(upload.toAbsolutePath().toString());
    byId("upload-submit").click();
    waitUpTo(20).until(d -> !d.findElements(By.cssSelector("tr.object-row[data-key='hello-from-browser.txt']")).isEmpty());
    assertTrue(read(d -> d.findElement(By.cssSelector("tr.object-row[data-key='hello-from-browser.txt']")).getText()).contains("23 B"));
    Files.delete(upload);
    shot("04-object-browser");

    // Create an access key: the secret is shown once.
    driver.findElement(By.cssSelector("#nav a[data-page='keys']")).click();
    waitUpTo(10).until(d -> byId("key-grants").isDisplayed());
    byId("key-grants").sendKeys("ui-bucket:rw");
    byId("key-create").click();
    waitUpTo(15).until(d -> !d.findElements(By.id("new-secret-key")).isEmpty());
    String ak = byId("new-access-key").getText();
    String secret = byId("new-secret-key").getText();
    assertEquals(40, secret.length());
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("tr.key-row[data-key='" + ak + "']")).isEmpty());
    assertTrue(driver.findElement(By.cssSelector("tr.key-row[data-key='" + ak + "']")).getText().contains("bucket:ui-bucket:read-write"));
    shot("05-access-keys");
    driver.navigate().refresh();
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("tr.key-row[data-key='" + ak + "']")).isEmpty());
    assertTrue(driver.findElements(By.id("new-secret-key")).isEmpty(), "the secret is not shown again");

    // The new key works from an S3 client within its grant, and the object browser lists what it wrote.
    try (software.amazon.awssdk.services.s3.S3Client s3 = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + gateway.port()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(ak, secret)))
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      s3.putObject(b -> b.bucket("ui-bucket").key("from-sdk.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("written with the new key"));
    }
    driver.get("http://127.0.0.1:" + admin.port() + "/#/objects/ui-bucket");
    waitUpTo(15).until(d -> !d.findElements(By.cssSelector("tr.object-row[data-key='from-sdk.txt']")).isEmpty());
    shot("06-object-from-s3-client");

    // Live page gets pushed stats.
    driver.findElement(By.cssSelector("#nav a[data-page='live']")).click();
    waitUpTo(15).until(d -> byId("live-state").getText().startsWith("Gateway metrics"));
    waitUpTo(15).until(d -> d.findElements(By.cssSelector(".chart svg path")).stream().anyMatch(p -> p.getAttribute("d").contains("L")));
    shot("07-live");

    // A killed storage server turns OFFLINE (the tracker's heartbeat timeout is 6 s) and raises an alert.
    driver.findElement(By.cssSelector("#nav a[data-page='overview']")).click();
    waitUpTo(15).until(d -> d.findElements(By.cssSelector("tr.server-row")).size() == 2);
    String victim = read(d -> d.findElements(By.cssSelector("tr.server-row[data-group='group2']")).get(0).getAttribute("data-server-id"));
    cluster.killStorage("g2-1");
    waitUpTo(40).until(d -> serverStatus(victim).equals("OFFLINE"));
    waitUpTo(15).until(d -> byId("alerts").isDisplayed() && byId("alerts").getText().contains("OFFLINE"));
    assertEquals("ACTIVE", read(d -> d.findElements(By.cssSelector("tr.server-row[data-group='group1'] .server-status")).get(0).getText()));
    shot("08-server-offline");
  }
}
