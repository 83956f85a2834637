package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies are written with single quotes for readability; {@link #json} turns them into JSON. */
class RequestValidatorTest {

    private static final int MAX_MESSAGES = 4;
    private static final String USER = "{'role':'user','content':'hi'}";
    private static final String MESSAGES = "'messages':[" + USER + "]";
    private static final String CHAT = "'model':'m'," + MESSAGES;
    private static final String WEATHER_TOOL = "{'type':'function','function':{'name':'get_weather',"
            + "'parameters':{'type':'object','properties':{}}}}";

    private final Response answer = Response.of(EventStream.of(List.of()));
    private final Pipeline pipeline = Pipeline.builder()
            .add("validate", new RequestValidator(MAX_MESSAGES))
            .add("call", chain -> answer)
            .build();

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private Response run(Operation operation, String body) {
        return pipeline.execute(new Exchange(operation, "req-1", name -> null,
                json(body).getBytes(StandardCharsets.UTF_8), 0));
    }

    private static String messages(int n) {
        return IntStream.range(0, n).mapToObj(i -> USER).collect(Collectors.joining(",", "[", "]"));
    }

    static Stream<Arguments> invalidChatBodies() {
        return Stream.of(
                Arguments.of("no model", "{" + MESSAGES + "}", "model"),
                Arguments.of("null model", "{'model':null," + MESSAGES + "}", "model"),
                Arguments.of("empty model", "{'model':''," + MESSAGES + "}", "model"),
                Arguments.of("numeric model", "{'model':7," + MESSAGES + "}", "model"),
                Arguments.of("no messages", "{'model':'m'}", "messages"),
                Arguments.of("messages a string", "{'model':'m','messages':'hi'}", "messages"),
                Arguments.of("messages an object", "{'model':'m','messages':" + USER + "}", "messages"),
                Arguments.of("no message", "{'model':'m','messages':[]}", "messages"),
                Arguments.of("more messages than allowed", "{'model':'m','messages':" + messages(MAX_MESSAGES + 1) + "}",
                        "messages"),
                Arguments.of("message a string", "{'model':'m','messages':['hi']}", "messages[0]"),
                Arguments.of("message null", "{'model':'m','messages':[" + USER + ",null]}", "messages[1]"),
                Arguments.of("message without role", "{'model':'m','messages':[{'content':'hi'}]}", "messages[0].role"),
                Arguments.of("unknown role", "{'model':'m','messages':[" + USER + ",{'role':'wizard','content':'x'}]}",
                        "messages[1].role"),
                Arguments.of("numeric content", "{'model':'m','messages':[{'role':'user','content':42}]}",
                        "messages[0].content"),
                Arguments.of("object content", "{'model':'m','messages':[{'role':'user','content':{'text':'x'}}]}",
                        "messages[0].content"),
                Arguments.of("user without content", "{'model':'m','messages':[{'role':'user'}]}", "messages[0].content"),
                Arguments.of("content part without type",
                        "{'model':'m','messages':[{'role':'user','content':[{'text':'x'}]}]}", "messages[0].content[0]"),
                Arguments.of("text part without text",
                        "{'model':'m','messages':[{'role':'user','content':[{'type':'text'}]}]}",
                        "messages[0].content[0].text"),
                Arguments.of("tool message without tool_call_id", "{'model':'m','messages':["
                        + "{'role':'system','content':'be brief'}," + USER + ",{'role':'tool','content':'42'}]}",
                        "messages[2].tool_call_id"),
                Arguments.of("tool_calls on a user message",
                        "{'model':'m','messages':[{'role':'user','content':'x','tool_calls':[]}]}",
                        "messages[0].tool_calls"),
                Arguments.of("tool call without id", "{'model':'m','messages':[" + USER + ",{'role':'assistant',"
                        + "'content':null,'tool_calls':[{'type':'function','function':{'name':'f','arguments':'{}'}}]}]}",
                        "messages[1].tool_calls[0]"),
                Arguments.of("stream not a boolean", "{" + CHAT + ",'stream':'yes'}", "stream"),
                Arguments.of("stream_options without stream", "{" + CHAT + ",'stream_options':{'include_usage':true}}",
                        "stream_options"),
                Arguments.of("stream_options not an object", "{" + CHAT + ",'stream':true,'stream_options':true}",
                        "stream_options"),
                Arguments.of("include_usage not a boolean",
                        "{" + CHAT + ",'stream':true,'stream_options':{'include_usage':'yes'}}",
                        "stream_options.include_usage"),
                Arguments.of("n zero", "{" + CHAT + ",'n':0}", "n"),
                Arguments.of("n fractional", "{" + CHAT + ",'n':1.5}", "n"),
                Arguments.of("n too large", "{" + CHAT + ",'n':129}", "n"),
                Arguments.of("max_tokens zero", "{" + CHAT + ",'max_tokens':0}", "max_tokens"),
                Arguments.of("max_completion_tokens text", "{" + CHAT + ",'max_completion_tokens':'many'}",
                        "max_completion_tokens"),
                Arguments.of("seed fractional", "{" + CHAT + ",'seed':1.5}", "seed"),
                Arguments.of("seed too large for a long", "{" + CHAT + ",'seed':99999999999999999999}", "seed"),
                Arguments.of("top_logprobs above 20", "{" + CHAT + ",'top_logprobs':21}", "top_logprobs"),
                Arguments.of("temperature 3", "{" + CHAT + ",'temperature':3}", "temperature"),
                Arguments.of("temperature negative", "{" + CHAT + ",'temperature':-0.1}", "temperature"),
                Arguments.of("temperature text", "{" + CHAT + ",'temperature':'hot'}", "temperature"),
                Arguments.of("top_p above 1", "{" + CHAT + ",'top_p':1.01}", "top_p"),
                Arguments.of("presence_penalty below -2", "{" + CHAT + ",'presence_penalty':-3}", "presence_penalty"),
                Arguments.of("frequency_penalty above 2", "{" + CHAT + ",'frequency_penalty':2.5}", "frequency_penalty"),
                Arguments.of("logprobs not a boolean", "{" + CHAT + ",'logprobs':1}", "logprobs"),
                Arguments.of("parallel_tool_calls not a boolean", "{" + CHAT + ",'parallel_tool_calls':'no'}",
                        "parallel_tool_calls"),
                Arguments.of("user not a string", "{" + CHAT + ",'user':5}", "user"),
                Arguments.of("stop with 5 strings", "{" + CHAT + ",'stop':['a','b','c','d','e']}", "stop"),
                Arguments.of("stop a number", "{" + CHAT + ",'stop':5}", "stop"),
                Arguments.of("stop with a number", "{" + CHAT + ",'stop':['a',1]}", "stop[1]"),
                Arguments.of("tools not an array", "{" + CHAT + ",'tools':" + WEATHER_TOOL + "}", "tools"),
                Arguments.of("tool of another type", "{" + CHAT + ",'tools':[{'type':'retrieval'}]}", "tools[0].type"),
                Arguments.of("tool without function", "{" + CHAT + ",'tools':[{'type':'function'}]}", "tools[0].function"),
                Arguments.of("tool name with a space",
                        "{" + CHAT + ",'tools':[{'type':'function','function':{'name':'get weather'}}]}",
                        "tools[0].function.name"),
                Arguments.of("tool name too long", "{" + CHAT + ",'tools':[{'type':'function','function':{'name':'"
                        + "x".repeat(65) + "'}}]}", "tools[0].function.name"),
                Arguments.of("tool declared twice", "{" + CHAT + ",'tools':[" + WEATHER_TOOL + "," + WEATHER_TOOL + "]}",
                        "tools[1].function.name"),
                Arguments.of("tool parameters not an object", "{" + CHAT + ",'tools':[{'type':'function',"
                        + "'function':{'name':'f','parameters':'none'}}]}", "tools[0].function.parameters"),
                Arguments.of("tool_choice naming an undeclared tool", "{" + CHAT + ",'tools':[" + WEATHER_TOOL + "],"
                        + "'tool_choice':{'type':'function','function':{'name':'get_time'}}}", "tool_choice"),
                Arguments.of("tool_choice an unknown word", "{" + CHAT + ",'tool_choice':'always'}", "tool_choice"),
                Arguments.of("tool_choice required without tools", "{" + CHAT + ",'tool_choice':'required'}",
                        "tool_choice"),
                Arguments.of("tool_choice object without a name", "{" + CHAT + ",'tools':[" + WEATHER_TOOL + "],"
                        + "'tool_choice':{'type':'function'}}", "tool_choice"),
                Arguments.of("response_format of an unknown type", "{" + CHAT + ",'response_format':{'type':'yaml'}}",
                        "response_format.type"),
                Arguments.of("response_format without type", "{" + CHAT + ",'response_format':{}}",
                        "response_format.type"),
                Arguments.of("json_schema format without json_schema",
                        "{" + CHAT + ",'response_format':{'type':'json_schema'}}", "response_format.json_schema"),
                Arguments.of("json_schema without name",
                        "{" + CHAT + ",'response_format':{'type':'json_schema','json_schema':{'schema':{}}}}",
                        "response_format.json_schema.name"),
                Arguments.of("json_schema schema not an object", "{" + CHAT + ",'response_format':{'type':'json_schema',"
                        + "'json_schema':{'name':'x','schema':[]}}}", "response_format.json_schema.schema"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidChatBodies")
    void invalidChatBodyIsA400NamingTheField(String description, String body, String param) {
        assertRejected(Operation.CHAT_COMPLETIONS, body, param);
    }

    static Stream<Arguments> invalidEmbeddingsBodies() {
        return Stream.of(
                Arguments.of("no model", "{'input':'hello'}", "model"),
                Arguments.of("no input", "{'model':'e'}", "input"),
                Arguments.of("null input", "{'model':'e','input':null}", "input"),
                Arguments.of("empty string", "{'model':'e','input':''}", "input"),
                Arguments.of("empty array", "{'model':'e','input':[]}", "input"),
                Arguments.of("a number", "{'model':'e','input':5}", "input"),
                Arguments.of("an object", "{'model':'e','input':{'text':'a'}}", "input"),
                Arguments.of("an empty string in the array", "{'model':'e','input':['a','']}", "input[1]"),
                Arguments.of("a boolean in the array", "{'model':'e','input':['a',true]}", "input[1]"),
                Arguments.of("a fraction in the array", "{'model':'e','input':[1.5]}", "input[0]"),
                Arguments.of("text among token ids", "{'model':'e','input':[[1,'x']]}", "input[0]"),
                Arguments.of("more than 2048 inputs", "{'model':'e','input':["
                        + IntStream.range(0, 2049).mapToObj(i -> "'t'").collect(Collectors.joining(",")) + "]}", "input"),
                Arguments.of("encoding_format hex", "{'model':'e','input':'a','encoding_format':'hex'}", "encoding_format"),
                Arguments.of("encoding_format a number", "{'model':'e','input':'a','encoding_format':1}", "encoding_format"),
                Arguments.of("dimensions zero", "{'model':'e','input':'a','dimensions':0}", "dimensions"),
                Arguments.of("user not a string", "{'model':'e','input':'a','user':[]}", "user"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidEmbeddingsBodies")
    void invalidEmbeddingsBodyIsA400NamingTheField(String description, String body, String param) {
        assertRejected(Operation.EMBEDDINGS, body, param);
    }

    private void assertRejected(Operation operation, String body, String param) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> run(operation, body));

        assertThat(e).as("rejection of %s", body).isNotNull();
        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.error().param()).isEqualTo(param);
        assertThat(e.error().message()).isNotBlank();
    }

    static Stream<Arguments> validChatBodies() {
        return Stream.of(
                Arguments.of("minimal", "{" + CHAT + "}"),
                Arguments.of("unknown extra fields", "{" + CHAT + ",'x_vendor_option':{'a':[1,2]},'metadata':{'k':'v'},"
                        + "'reasoning_effort':'low'}"),
                Arguments.of("content parts", "{'model':'m','messages':[{'role':'user','content':["
                        + "{'type':'text','text':'what is this?'},"
                        + "{'type':'image_url','image_url':{'url':'data:image/png;base64,AAAA'}}]}]}"),
                Arguments.of("assistant with null content and tool calls, then the tool's answer",
                        "{'model':'m','tools':[" + WEATHER_TOOL + "],'messages':[" + USER + ","
                        + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function',"
                        + "'function':{'name':'get_weather','arguments':'{}'}}]},"
                        + "{'role':'tool','tool_call_id':'call_1','content':'sunny'}]}"),
                Arguments.of("every role", "{'model':'m','messages':[{'role':'system','content':'s'},"
                        + "{'role':'developer','content':'d'},{'role':'user','content':'u'},"
                        + "{'role':'assistant','content':'a'}]}"),
                Arguments.of("exactly the most messages allowed", "{'model':'m','messages':" + messages(MAX_MESSAGES) + "}"),
                Arguments.of("stream with usage", "{" + CHAT + ",'stream':true,'stream_options':{'include_usage':true}}"),
                Arguments.of("nulls for optional fields", "{" + CHAT + ",'n':null,'temperature':null,'stop':null,"
                        + "'tools':null,'tool_choice':null,'response_format':null,'stream_options':null}"),
                Arguments.of("sampling at the edges", "{" + CHAT + ",'n':128,'temperature':2,'top_p':0,"
                        + "'presence_penalty':-2,'frequency_penalty':2,'seed':-5,'max_tokens':1,'top_logprobs':0,"
                        + "'logprobs':true}"),
                Arguments.of("stop a string", "{" + CHAT + ",'stop':'END'}"),
                Arguments.of("stop with 4 strings", "{" + CHAT + ",'stop':['a','b','c','d']}"),
                Arguments.of("tool_choice naming a declared tool", "{" + CHAT + ",'tools':[" + WEATHER_TOOL + "],"
                        + "'tool_choice':{'type':'function','function':{'name':'get_weather'}}}"),
                Arguments.of("tool_choice required with tools", "{" + CHAT + ",'tools':[" + WEATHER_TOOL + "],"
                        + "'tool_choice':'required'}"),
                Arguments.of("json_object format", "{" + CHAT + ",'response_format':{'type':'json_object'}}"),
                Arguments.of("json_schema format", "{" + CHAT + ",'response_format':{'type':'json_schema',"
                        + "'json_schema':{'name':'answer','strict':true,'schema':{'type':'object'}}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validChatBodies")
    void validChatBodyPassesThrough(String description, String body) {
        assertThat(run(Operation.CHAT_COMPLETIONS, body)).isSameAs(answer);
    }

    static Stream<Arguments> validEmbeddingsBodies() {
        return Stream.of(
                Arguments.of("a string", "{'model':'e','input':'hello'}"),
                Arguments.of("strings", "{'model':'e','input':['hello','world']}"),
                Arguments.of("token ids", "{'model':'e','input':[1,2,3]}"),
                Arguments.of("arrays of token ids", "{'model':'e','input':[[1,2],[3]]}"),
                Arguments.of("base64 with dimensions and extras", "{'model':'e','input':'a','encoding_format':'base64',"
                        + "'dimensions':256,'user':'u1','x_extra':true}"),
                Arguments.of("float format", "{'model':'e','input':'a','encoding_format':'float'}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validEmbeddingsBodies")
    void validEmbeddingsBodyPassesThrough(String description, String body) {
        assertThat(run(Operation.EMBEDDINGS, body)).isSameAs(answer);
    }
}
