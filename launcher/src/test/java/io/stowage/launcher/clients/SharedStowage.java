package io.stowage.launcher.clients;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link Stowage} parameter (e.g. of a {@code @BeforeAll} method) to one cluster started
 * at first use and closed by JUnit when the whole run ends, so the real-client test classes do not
 * each pay for a cluster start.
 */
public final class SharedStowage implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Stowage.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedStowage.class))
        .getOrComputeIfAbsent(Stowage.class, k -> Stowage.start(), Stowage.class);
  }
}
