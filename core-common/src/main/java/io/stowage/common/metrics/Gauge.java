package io.stowage.common.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** A gauge family: values set by the caller or read from a supplier at scrape time. */
public final class Gauge extends Family<Gauge.Child> {
  Gauge(String name, String help, String[] labelNames) {
    super(name, help, labelNames);
  }

  /** One labelled gauge. */
  public static final class Child {
    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
    private volatile DoubleSupplier supplier;

    public void set(double v) {
      bits.set(Double.doubleToLongBits(v));
    }

    public void add(double d) {
      bits.accumulateAndGet(0, (cur, ignored) -> Double.doubleToLongBits(Double.longBitsToDouble(cur) + d));
    }

    public void inc() {
      add(1);
    }

    public void dec() {
      add(-1);
    }

    /** Reads the value from {@code s} at every scrape from now on. */
    public void setSupplier(DoubleSupplier s) {
      supplier = s;
    }

    public double get() {
      DoubleSupplier s = supplier;
      if (s != null) {
        try {
          return s.getAsDouble();
        } catch (RuntimeException e) {
          return Double.NaN;
        }
      }
      return Double.longBitsToDouble(bits.get());
    }
  }

  /** Shortcut for a gauge without labels. */
  public void set(double v) {
    labels().set(v);
  }

  @Override
  Child newChild() {
    return new Child();
  }

  @Override
  String type() {
    return "gauge";
  }

  @Override
  void renderChild(StringBuilder sb, List<String> values, Child child) {
    sample(sb, "", values, null, null, child.get());
  }
}
