package dev.mangrove.adapter.mongo;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps a port so that each call is timed and told to an {@link OperationObserver}, named {@code Port.method}. A
 * call that returns a cursor is timed until the cursor is returned; its later batches are read outside the timer.
 */
final class TimedPorts {
    private TimedPorts() {
    }

    /** {@code target} as {@code port}, every call observed; {@code target} itself when the observer is {@link OperationObserver#NONE}. */
    static <T> T wrap(Class<T> port, T target, OperationObserver observer) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(target, "target");
        if (observer == OperationObserver.NONE) {
            return target;
        }
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                new Timing(port.getSimpleName() + ".", target, observer)));
    }

    private static final class Timing implements InvocationHandler {
        private final String prefix;
        private final Object target;
        private final OperationObserver observer;
        private final ConcurrentHashMap<Method, String> names = new ConcurrentHashMap<>();

        Timing(String prefix, Object target, OperationObserver observer) {
            this.prefix = prefix;
            this.target = target;
            this.observer = Objects.requireNonNull(observer, "observer");
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> method.invoke(target, args);
                };
            }
            String name = names.get(method);
            if (name == null) {
                name = names.computeIfAbsent(method, m -> prefix + m.getName());
            }
            long start = System.nanoTime();
            boolean failed = true;
            try {
                Object result = method.invoke(target, args);
                failed = false;
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                observer.completed(name, failed, System.nanoTime() - start);
            }
        }
    }
}
