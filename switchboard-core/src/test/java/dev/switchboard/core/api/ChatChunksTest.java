package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.pipeline.Event;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatChunksTest {

    private static Event chunk(String singleQuoted) {
        return Event.ofBytes(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'choices':[{'index':0,'delta':{'content':'Hel'}}]}",
            "{'choices':[{'index':0,'delta':{'refusal':'I cannot'}}]}",
            "{'choices':[{'index':0,'delta':{'reasoning_content':'thinking'}}]}",
            "{'choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'c1'}]}}]}",
            "{'choices':[{'index':0,'delta':{'function_call':{'name':'f'}}}]}",
            "{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}]}",
            "{'choices':[],'usage':{'prompt_tokens':3,'completion_tokens':5}}",
            "{'choices':[{'index':0,'delta':{'role':'assistant'}},{'index':1,'delta':{'content':'b'}}]}",
    })
    void chunkWithAnyPartOfTheAnswerCarriesOutput(String chunk) {
        assertThat(ChatChunks.carriesOutput(chunk(chunk))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{'choices':[{'index':0,'delta':{'role':'assistant','content':''}}]}",
            "{'choices':[{'index':0,'delta':{'role':'assistant','content':null}}]}",
            "{'choices':[{'index':0,'delta':{'role':'assistant'},'finish_reason':null}]}",
            "{'choices':[],'usage':null}",
            "{'choices':[]}",
            "{'id':'chatcmpl-1','object':'chat.completion.chunk'}",
    })
    void chunkWithOnlyPreliminariesCarriesNoOutput(String chunk) {
        assertThat(ChatChunks.carriesOutput(chunk(chunk))).isFalse();
    }
}
