package dev.mangrove.adapter.mongo;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

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
        Objects.requireNonNull(observer, "observer");
        if (observer == OperationObserver.NONE) {
            return target;
        }
        // the recorder and an accessible method of each port method, found once: a call does one map look-up
        Map<Method, Call> calls = new HashMap<>();
        Map<String, OperationObserver.Operation> operations = new HashMap<>();
        for (Method method : port.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            method.setAccessible(true); // skips the access check of every call (a public method of a public port)
            calls.put(method, new Call(method, operations.computeIfAbsent(method.getName(),
                    name -> Objects.requireNonNull(observer.operation(port.getSimpleName() + "." + name), "operation"))));
        }
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port},
                new Timing(target, Map.copyOf(calls))));
    }

    private record Call(Method method, OperationObserver.Operation operation) {
    }

    private static final class Timing implements InvocationHandler {
        private final Object target;
        private final Map<Method, Call> calls;

        Timing(Object target, Map<Method, Call> calls) {
            this.target = target;
            this.calls = calls;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Call call = calls.get(method);
            if (call == null) { // equals, hashCode, toString
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> method.invoke(target, args);
                };
            }
            long start = System.nanoTime();
            boolean failed = true;
            try {
                Object result = call.method().invoke(target, args);
                failed = false;
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                call.operation().completed(failed, System.nanoTime() - start);
            }
        }
    }
}
