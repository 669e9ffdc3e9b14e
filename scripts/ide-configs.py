#!/usr/bin/env python3
"""Writes the IDE run configurations of the workbook from what the project holds:

  .run/*.run.xml         IntelliJ IDEA: each lab's tests (JUnit, that module), each lab's app (the lab pom's
                         demo.mainClass), each demo of the solutions runner (Demos.java)
  .vscode/launch.json    VS Code: the same apps and demos
  .vscode/settings.json  VS Code: one test configuration per lab (java.test.config)
  .vscode/extensions.json

All with the root pom's spark.jvm.flags, -Xmx1g and SPARK_LOCAL_IP=127.0.0.1. Run it after adding a lab or a demo:

  scripts/ide-configs.py        # rewrites the files above (the .run/*.run.xml files it did not write stay)

.ci/docs-check configs then proves that the files name modules, classes and demos that exist. In a student edition
(no solutions module), it writes no demo configuration. Python 3.8+, standard library only.
"""
import json, re, sys
from pathlib import Path
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
NS = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(ROOT / "pom.xml").getroot()
flags = root.find("m:properties/m:spark.jvm.flags", NS).text.split() + root.find("m:properties/m:jdk.jvm.flags", NS).text.split()
modules = [m.text.strip() for m in root.findall(".//m:modules/m:module", NS)]
labs = [m for m in modules if m.startswith("lab-") and (ROOT / m / "src/test/java").is_dir()]
vm = " ".join(["-Xmx1g"] + flags)

def lab_number(lab): return lab.split("-")[1]
def demo_of(lab):
    p = ET.parse(ROOT / lab / "pom.xml").getroot().find("m:properties/m:demo.mainClass", NS)
    if p is None or not p.text: return None
    cls = p.text.strip()
    rel = cls.replace(".", "/") + ".java"
    if any((ROOT / lab / src / rel).is_file() for src in ("src/main/java", "src/given/java")): return cls
    return None
demos_java = ROOT / "solutions/src/main/java/dev/streaminglabs/solutions/Demos.java"
demo_names = (re.findall(r'new\s+Demo\(\s*"([^"]+)"', demos_java.read_text())
              if demos_java.exists() and "solutions" in modules else [])

run = ROOT / ".run"; run.mkdir(exist_ok=True)
for old in run.glob("*.run.xml"):
    if re.match(r"(Lab_\d+_(tests|app_\w+)|Demo_\w+)\.run\.xml$", old.name):
        old.unlink()   # ours: written again below

def write(name, body):
    (run / (re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_") + ".run.xml")).write_text(body)

ENV = '''    <envs>
      <env name="SPARK_LOCAL_IP" value="127.0.0.1" />
    </envs>
'''
for lab in labs:
    n = lab_number(lab)
    name = f"Lab {n} · tests"
    write(f"Lab {n} tests", f'''<component name="ProjectRunConfigurationManager">
  <configuration default="false" name={quoteattr(name)} type="JUnit" factoryName="JUnit">
    <module name="{lab}" />
    <option name="PACKAGE_NAME" value="dev.streaminglabs.lab{n}" />
    <option name="MAIN_CLASS_NAME" value="" />
    <option name="METHOD_NAME" value="" />
    <option name="TEST_OBJECT" value="package" />
    <option name="VM_PARAMETERS" value="{vm}" />
    <option name="WORKING_DIRECTORY" value="$MODULE_WORKING_DIR$" />
{ENV}    <option name="TEST_SEARCH_SCOPE">
      <value defaultName="singleModule" />
    </option>
    <method v="2">
      <option name="Make" enabled="true" />
    </method>
  </configuration>
</component>
''')
    cls = demo_of(lab)
    if cls:
        simple = cls.rsplit(".", 1)[1]
        name = f"Lab {n} · your app ({simple})"
        write(f"Lab {n} app {simple}", f'''<component name="ProjectRunConfigurationManager">
  <configuration default="false" name={quoteattr(name)} type="Application" factoryName="Application">
    <option name="MAIN_CLASS_NAME" value="{cls}" />
    <module name="{lab}" />
    <option name="PROGRAM_PARAMETERS" value="--ui" />
    <option name="VM_PARAMETERS" value="{vm}" />
    <option name="WORKING_DIRECTORY" value="$MODULE_WORKING_DIR$" />
{ENV}    <method v="2">
      <option name="Make" enabled="true" />
    </method>
  </configuration>
</component>
''')
for demo in demo_names:
    name = f"Demo {demo} (reference, solutions profile)"
    write(f"Demo {demo}", f'''<component name="ProjectRunConfigurationManager">
  <configuration default="false" name={quoteattr(name)} type="Application" factoryName="Application">
    <option name="MAIN_CLASS_NAME" value="dev.streaminglabs.solutions.Demos" />
    <module name="solutions" />
    <option name="PROGRAM_PARAMETERS" value="{demo} --ui" />
    <option name="VM_PARAMETERS" value="{vm}" />
    <option name="WORKING_DIRECTORY" value="$MODULE_WORKING_DIR$" />
{ENV}    <method v="2">
      <option name="Make" enabled="true" />
    </method>
  </configuration>
</component>
''')

vs = ROOT / ".vscode"; vs.mkdir(exist_ok=True)
launch = []
for lab in labs:
    cls = demo_of(lab)
    if cls:
        launch.append({"type": "java", "request": "launch",
                       "name": f"Lab {lab_number(lab)} · your app ({cls.rsplit('.', 1)[1]})",
                       "projectName": lab, "mainClass": cls, "args": "--ui",
                       "cwd": "${workspaceFolder}/" + lab, "vmArgs": vm,
                       "env": {"SPARK_LOCAL_IP": "127.0.0.1"}})
for demo in demo_names:
    launch.append({"type": "java", "request": "launch",
                   "name": f"Demo {demo} (reference, solutions profile)",
                   "projectName": "solutions", "mainClass": "dev.streaminglabs.solutions.Demos",
                   "args": f"{demo} --ui", "cwd": "${workspaceFolder}/solutions", "vmArgs": vm,
                   "env": {"SPARK_LOCAL_IP": "127.0.0.1"}})
(vs / "launch.json").write_text(json.dumps({"version": "0.2.0", "configurations": launch}, indent=2, ensure_ascii=False) + "\n")
settings = {
    "java.configuration.updateBuildConfiguration": "automatic",
    "maven.executable.preferMavenWrapper": True,
    "java.test.config": [
        {"name": lab, "workingDirectory": "${workspaceFolder}/" + lab,
         "vmArgs": ["-Xmx1g"] + flags, "env": {"SPARK_LOCAL_IP": "127.0.0.1"}}
        for lab in labs],
}
(vs / "settings.json").write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n")
(vs / "extensions.json").write_text(json.dumps({"recommendations": ["vscjava.vscode-java-pack"]}, indent=2) + "\n")
print(f"wrote .run/ and .vscode/: {len(labs)} labs' tests, "
      f"{sum(1 for lab in labs if demo_of(lab))} lab apps, {len(demo_names)} runner demos" + (f" ({', '.join(demo_names)})" if demo_names else ""))
