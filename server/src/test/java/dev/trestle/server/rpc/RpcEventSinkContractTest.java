package dev.trestle.server.rpc;

import dev.trestle.domain.contract.EventSinkPortContract;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.port.out.EventSinkPort;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@link EventSinkPort} contract against the engine's real sink: each event leaves as its {@link TrestleClient}
 * notification (here a client that records the notification's {@code workbench_id}).
 */
class RpcEventSinkContractTest extends EventSinkPortContract {
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    protected EventSinkPort newSink() {
        TrestleClient client = (TrestleClient) Proxy.newProxyInstance(TrestleClient.class.getClassLoader(),
                new Class<?>[] {TrestleClient.class}, (proxy, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) {
                        return m.getName().equals("equals") ? proxy == args[0]
                                : m.getName().equals("hashCode") ? System.identityHashCode(proxy) : "client";
                    }
                    received.add(workbenchId(args[0]));
                    return null;
                });
        RpcEventSink sink = new RpcEventSink();
        sink.connect(client, new InMemoryEngineLog());
        return sink;
    }

    @Override
    protected List<String> delivered() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    private static String workbenchId(Object notification) throws ReflectiveOperationException {
        for (RecordComponent c : notification.getClass().getRecordComponents()) {
            if (c.getName().equals("workbenchId")) {
                return (String) c.getAccessor().invoke(notification);
            }
        }
        throw new AssertionError("a notification without workbench_id: " + notification);
    }
}
