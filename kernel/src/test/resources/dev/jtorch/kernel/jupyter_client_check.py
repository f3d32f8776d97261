"""Drives the JTorch kernel with Jupyter's own jupyter_client, as Notebook and nbconvert do.

Run by JupyterClientIT with JUPYTER_PATH pointing at a kernelspec for the jar under test.
Prints one "ok: <check>" line per passing check; exits non-zero on the first failure.
"""
import os
import subprocess
import sys
import tempfile
import time

import jupyter_client

TIMEOUT = 60


def check(name, condition, detail=""):
    if not condition:
        print("FAILED: " + name + (": " + str(detail) if detail else ""), flush=True)
        sys.exit(1)
    print("ok: " + name, flush=True)


def run(kc, code, allow_stdin=False, user_expressions=None):
    msg_id = kc.execute(code, allow_stdin=allow_stdin, user_expressions=user_expressions)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"], outputs


def shell_reply(kc, msg_id):
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def of(outputs, msg_type):
    return [m["content"] for m in outputs if m["msg_type"] == msg_type]


def main():
    km = jupyter_client.KernelManager(kernel_name="jtorch")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
    check("kernel_info names Java", info["language_info"]["name"] == "java", info)

    reply, outputs = run(kc, 'System.out.println("hello from java");\nint answer = 6 * 7;\nanswer')
    check("execute ok", reply["status"] == "ok", reply)
    check("stream", "".join(c["text"] for c in of(outputs, "stream")) == "hello from java\n", outputs)
    check("execute_result", of(outputs, "execute_result")[0]["data"]["text/plain"] == "42", outputs)

    reply, outputs = run(kc, "int broken = \"text\";")
    check("compile error reply", reply["status"] == "error" and "line 1" in "".join(reply["traceback"]), reply)

    reply, outputs = run(kc, "Object o = null;\no.toString();")
    check("exception", reply["ename"] == "java.lang.NullPointerException", reply)

    reply, outputs = run(kc, """
        var chart = new org.knowm.xchart.XYChartBuilder().width(300).height(200).title("loss").build();
        chart.addSeries("loss", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        display(chart);
        """)
    shown = of(outputs, "display_data")
    check("chart displayed as PNG", shown and shown[0]["data"]["image/png"].startswith("iVBORw0KGgo"), reply)

    reply, outputs = run(kc, 'System.out.printf("answer=%d%n", answer)')
    check("printf shows its text, not a PrintStream", not of(outputs, "execute_result")
          and "".join(c["text"] for c in of(outputs, "stream")) == "answer=42\n", outputs)
    reply, outputs = run(kc, "answer;")
    check("a final expression closed by ; is not shown", not of(outputs, "execute_result"), outputs)

    reply, outputs = run(kc, "int more = 1;", user_expressions={"double": "answer * 2", "bad": "nothing.here"})
    values = reply["user_expressions"]
    check("user_expressions", values["double"]["status"] == "ok"
          and values["double"]["data"]["text/plain"] == "84" and values["bad"]["status"] == "error", values)

    with tempfile.NamedTemporaryFile("w", suffix=".jsh", delete=False) as source:
        source.write("int fromFile = 5;\nfromFile * 2\n")
    reply, outputs = run(kc, "%load " + source.name)
    payload = reply["payload"][0] if reply["payload"] else {}
    check("%load sets the next input", payload.get("source") == "set_next_input" and payload.get("replace") is True
          and payload.get("text", "").endswith("int fromFile = 5;\nfromFile * 2\n") and not of(outputs, "execute_result"),
          reply)
    os.unlink(source.name)

    reply, outputs = run(kc, "tensor(new float[] {1, 2})")
    data = of(outputs, "execute_result")[0]["data"]
    check("tensor as text and html", data["text/plain"].startswith("tensor(") and "<table" in data["text/html"], data)

    complete = kc.complete("Math.ab", 7, reply=True, timeout=TIMEOUT)["content"]
    check("complete", "abs(" in complete["matches"] and complete["cursor_start"] == 5, complete)

    inspect = kc.inspect("Math.abs", 6, reply=True, timeout=TIMEOUT)["content"]
    check("inspect", inspect["found"] and "abs(" in inspect["data"]["text/plain"], inspect)
    inspect = kc.inspect("Tensor.matmul", 13, reply=True, timeout=TIMEOUT)["content"]
    check("inspect shows the library's Javadoc", inspect["found"] and "Matrix product" in inspect["data"]["text/plain"],
          inspect)

    for code, expected in [("int x = 1;", "complete"), ("void f() {", "incomplete")]:
        status = shell_reply(kc, kc.is_complete(code))["content"]["status"]
        check("is_complete " + expected, status == expected, status)

    history = shell_reply(kc, kc.history(hist_access_type="tail", n=2))["content"]["history"]
    check("history", len(history) == 2, history)

    msg_id = kc.execute("long spins = 0; while (true) { spins++; }")
    time.sleep(1.0)
    start = time.time()
    km.interrupt_kernel()
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    check("interrupt", reply["content"]["status"] == "error" and "interrupted" in reply["content"]["evalue"], reply)
    check("interrupt is prompt", time.time() - start < 5, time.time() - start)
    reply, outputs = run(kc, "answer")
    check("state survives interrupt", of(outputs, "execute_result")[0]["data"]["text/plain"] == "42", outputs)

    reply, outputs = run(kc, '%%time\nThread.sleep(10);\n"timed"')
    text = "".join(c["text"] for c in of(outputs, "stream"))
    check("%%time", "Wall time:" in text and of(outputs, "execute_result"), text)

    reply, outputs = run(kc, "?Math.abs")
    check("help page payload", reply["payload"] and reply["payload"][0]["source"] == "page", reply)

    process = km.provisioner.process
    kc.shutdown()
    deadline = time.time() + 10
    while process.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    check("process exits after shutdown", process.poll() is not None)
    kc.stop_channels()

    nbconvert = subprocess.run(["jupyter-nbconvert", "--version"], capture_output=True) if has("jupyter-nbconvert") else None
    if nbconvert is not None and nbconvert.returncode == 0:
        import nbformat
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell('System.out.println("from nbconvert");'),
                          nbformat.v4.new_code_cell("1 + 2")]
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "check.ipynb")
            nbformat.write(notebook, path)
            done = subprocess.run(["jupyter-nbconvert", "--to", "notebook", "--execute", "--inplace",
                                   "--ExecutePreprocessor.kernel_name=jtorch", path], capture_output=True, text=True)
            check("nbconvert --execute", done.returncode == 0, done.stderr[-2000:])
            executed = nbformat.read(path, as_version=4)
            check("nbconvert outputs", executed.cells[1].outputs[0]["data"]["text/plain"] == "3", executed.cells)
    else:
        print("skipped: nbconvert is not installed")


def has(program):
    return any(os.access(os.path.join(d, program), os.X_OK) for d in os.environ.get("PATH", "").split(os.pathsep))


if __name__ == "__main__":
    main()
