package dev.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private final List<String> trace = new ArrayList<>();
    private final Response answer = Response.of(EventStream.of(List.of()));

    private Exchange exchange() {
        return new Exchange(Operation.CHAT_COMPLETIONS, "req-1", name -> null, Json.object().put("model", "m"), 0);
    }

    private Interceptor around(String name) {
        return chain -> {
            trace.add(name + ">");
            Response response = chain.proceed();
            trace.add("<" + name);
            return response.withHeader("x-" + name, "seen");
        };
    }

    private Interceptor answering(String name) {
        return chain -> {
            trace.add(name);
            return answer;
        };
    }

    @Test
    void runsInterceptorsInOrderOutermostFirst() {
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("limits", around("limits"))
                .add("call", answering("call"))
                .build();

        Response response = pipeline.execute(exchange());

        assertThat(trace).containsExactly("auth>", "limits>", "call", "<limits", "<auth");
        assertThat(response.headers().keySet()).containsExactly("x-limits", "x-auth");
        assertThat(response.events()).isSameAs(answer.events());
        assertThat(pipeline.names()).containsExactly("auth", "limits", "call");
    }

    @Test
    void aWrapperAroundTheBuilderWrapsEveryStageByName() {
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .around((name, interceptor) -> chain -> {
                    trace.add("[" + name);
                    return interceptor.intercept(chain);
                })
                .add("call", answering("call"))
                .build();

        pipeline.execute(exchange());

        assertThat(trace).containsExactly("[auth", "auth>", "[call", "call", "<auth");
        assertThat(pipeline.names()).containsExactly("auth", "call");
    }

    @Test
    void everyInterceptorSeesTheSameExchange() {
        Attribute<String> seenBy = Attribute.named("seen-by");
        Exchange exchange = exchange();
        Pipeline pipeline = Pipeline.builder()
                .add("first", chain -> {
                    chain.exchange().put(seenBy, "first");
                    return chain.proceed();
                })
                .add("second", chain -> {
                    trace.add(chain.exchange().get(seenBy));
                    assertThat(chain.exchange()).isSameAs(exchange);
                    return answer;
                })
                .build();

        pipeline.execute(exchange);

        assertThat(trace).containsExactly("first");
    }

    @Test
    void interceptorMayAnswerWithoutCallingTheRest() {
        Response cached = Response.of(EventStream.of(List.of()));
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("cache", chain -> {
                    trace.add("cache hit");
                    return cached;
                })
                .add("call", answering("call"))
                .build();

        Response response = pipeline.execute(exchange());

        assertThat(trace).containsExactly("auth>", "cache hit", "<auth");
        assertThat(response.events()).isSameAs(cached.events());
    }

    @Test
    void callingProceedTwiceFailsNamingTheInterceptor() {
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("retry", chain -> {
                    chain.proceed();
                    return chain.proceed();
                })
                .add("call", answering("call"))
                .build();

        assertThatThrownBy(() -> pipeline.execute(exchange()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("interceptor retry must call proceed() at most once");
        assertThat(trace).containsExactly("auth>", "call");
    }

    @Test
    void returningNullFailsNamingTheInterceptor() {
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("broken", chain -> null)
                .build();

        assertThatThrownBy(() -> pipeline.execute(exchange()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("interceptor broken returned null");
    }

    @Test
    void lastInterceptorCallingProceedFailsNamingIt() {
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("forgetful", Interceptor.Chain::proceed)
                .build();

        assertThatThrownBy(() -> pipeline.execute(exchange()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("interceptor forgetful called proceed() but is the last in the pipeline and must answer itself");
    }

    @Test
    void exceptionsOfAnInterceptorReachTheCaller() {
        RuntimeException rejection = new IllegalArgumentException("rejected");
        Pipeline pipeline = Pipeline.builder()
                .add("auth", around("auth"))
                .add("guard", chain -> {
                    throw rejection;
                })
                .build();

        assertThatThrownBy(() -> pipeline.execute(exchange())).isSameAs(rejection);
        assertThat(trace).containsExactly("auth>");
    }

    @Test
    void pipelineRunsAgainForEachExchange() {
        Pipeline pipeline = Pipeline.builder().add("auth", around("auth")).add("call", answering("call")).build();

        pipeline.execute(exchange());
        pipeline.execute(exchange());

        assertThat(trace).containsExactly("auth>", "call", "<auth", "auth>", "call", "<auth");
    }

    @Test
    void builderRejectsAnEmptyPipelineAndDuplicateNames() {
        assertThatThrownBy(() -> Pipeline.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a pipeline needs at least one interceptor");
        assertThatThrownBy(() -> Pipeline.builder().add("guard", answering("a")).add("guard", answering("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interceptor name used twice: guard");
    }

    @Test
    void responseWithHeaderReturnsANewResponseAndKeepsTheOriginal() {
        Response original = Response.of(EventStream.of(List.of()));

        Response changed = original.withHeader("x-a", "1").withHeader("x-b", "2").withHeader("x-a", "3");

        assertThat(original.headers()).isEmpty();
        assertThat(changed.headers()).containsExactly(
                org.assertj.core.api.Assertions.entry("x-a", "3"), org.assertj.core.api.Assertions.entry("x-b", "2"));
        assertThat(changed.events()).isSameAs(original.events());
    }
}
