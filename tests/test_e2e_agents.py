"""The openai-agents SDK's default model (the Responses API) through the proxy, with a tool round trip."""

from __future__ import annotations

import asyncio

import openai
import pytest
from agents import Agent, ModelSettings, OpenAIResponsesModel, Runner, function_tool, set_tracing_disabled

from tests.conftest import MockLog, ProxyFactory
from tests.support import ServerProcess
from tests.support import knobs as mock

set_tracing_disabled(True)  # the SDK would export traces to OpenAI: tests send traffic to loopback only


@pytest.fixture(scope="module")
def agents_proxy(start_proxy: ProxyFactory) -> ServerProcess:
    return start_proxy()


@function_tool
def weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


@pytest.mark.parametrize("stream", [False, True])
def test_an_agent_calls_a_tool_and_answers_through_the_proxy(
    agents_proxy: ServerProcess, mock_log: MockLog, stream: bool
) -> None:
    client = openai.AsyncOpenAI(base_url=agents_proxy.url + "/v1", api_key="sk-caller", max_retries=0)
    extra = mock(tool_calls=1)
    agent = Agent(
        name="assistant",
        instructions="Answer with the weather tool.",
        model=OpenAIResponsesModel(model="gpt-4o-mini", openai_client=client),
        model_settings=ModelSettings(extra_body=extra),
        tools=[weather],
    )

    async def run() -> str:
        if not stream:
            return str((await Runner.run(agent, "Weather in Lisbon?")).final_output)
        result = Runner.run_streamed(agent, "Weather in Lisbon?")
        async for _ in result.stream_events():
            pass
        return str(result.final_output)

    answer = asyncio.run(run())
    assert answer
    calls = mock_log(extra["mock"]["id"])
    assert [c["path"] for c in calls] == ["/v1/responses", "/v1/responses"]
    second_input = calls[1]["body"]["input"]
    outputs = [item for item in second_input if item.get("type") == "function_call_output"]
    assert outputs and "sunny in" in outputs[0]["output"]
