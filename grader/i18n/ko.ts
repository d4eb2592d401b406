/**
 * 채점기가 직접 쓰는 문장의 한국어판 (en.ts와 같은 id). 테스트 이름과 id, 값, 코드, seed, 명령은
 * 인자로 들어오며 번역하지 않습니다. 타입이 en.ts의 표와 같으므로 빠진 id가 있으면 컴파일되지 않습니다.
 */
import type { ReasonKind } from "../protocol";
import type { Catalog } from "./en";

const KINDS: Record<ReasonKind, string> = {
  failed: "실패",
  "not-implemented": "미구현",
  exception: "예외",
  harness: "채점기 오류",
  timeout: "시간 초과",
  crash: "프로세스 종료",
  memory: "메모리 초과",
  compile: "컴파일 오류",
  import: "로드 실패",
  "missing-export": "export 없음",
  exit: "process.exit 호출",
  output: "출력 초과",
  globals: "전역 객체 변경",
  tampering: "채점기 변조",
  inconclusive: "판정 불가",
};

export const ko: Catalog = {
  weekHeading: (week, title) => `${week}주차: ${title}`,
  exerciseHeading: (week, id) => `${week}주차 · ${id}`,
  columnTest: "테스트",
  columnPoints: "점수",
  columnResult: "결과",
  columnVisibility: "공개 여부",
  columnChecks: "확인하는 내용",
  subtotal: "소계",
  visibility: (visibility) => (visibility === "visible" ? "공개" : "비공개"),
  seedsPassed: (passed, run) => `seed ${run}개 중 ${passed}개 통과`,
  score: (earned, points) => `${earned}/${points}점`,
  total: (earned, points, percent) => `합계: ${earned}/${points}점 (${percent}%)`,
  visibleOnlyEdition: "이 배포판에는 공개 테스트만 있습니다. 비공개 테스트는 강사의 채점기에서 실행됩니다.",
  whyPointsWereLost: "감점 이유",
  redFlagsHeading: "주의 표시 (채점기, 다른 프로세스, 파일에 닿는 API 사용; 강사가 확인할 것)",
  inconclusiveHeading: "판정 불가 실행 (테스트 자체의 준비 단계가 의도대로 되지 않음; 감점 없음)",
  reportWithPictures: (path) => `그림이 포함된 보고서: ${path}`,
  stubsWaiting: (names, _count, file, waiting) => `아직 구현하지 않음: ${names} (${file}에 작성하세요); 테스트 ${waiting}개가 기다리는 중`,
  ruleHeading: (id) => `규칙 ${id}`,
  ruleBrokenByMany: (count) => `테스트 ${count}개가 이 규칙을 어겼습니다. 버그 하나 때문일 가능성이 큽니다. 첫 번째 테스트부터 고친 뒤 다시 채점하세요`,
  sameReason: (id, count, names, lost) => `${id}: 테스트 ${count}개(${names})가 같은 이유로 ${lost}점을 잃었습니다:`,
  seed: (seed) => `seed ${seed}`,
  noRandomness: "무작위 요소 없음",
  replay: (command) => `재현: ${command}`,
  replayOne: (command) => `하나만 재현: ${command}`,
  yourCodePrinted: "코드가 출력한 내용:",
  inconclusiveSeed: (seed, message) => `seed ${seed}의 실행은 판정 불가라 감점하지 않았습니다: ${message}`,
  passed: "통과",
  passedWithInconclusive: (count) => `통과 (seed ${count}개는 판정 불가, 감점 없음)`,
  kind: (kind) => KINDS[kind],

  listedTest: (id, visibility, points, seeds, rules) => `${id} (${visibility}, ${points}점, ${seeds}${rules ? `; 규칙: ${rules}` : ""})`,
  fixedTest: "고정",
  seedCount: (count) => `seed ${count}개`,
  listedTotal: (tests, points, visible, hidden) => `테스트 ${tests}개, ${points}점: 공개 ${visible}개 (코드는 grader/tests/에 있음), 비공개 ${hidden}개 (이름과 설명만 보임)`,
  runOne: (command) => `하나만 실행: ${command}`,

  htmlTitle: (label) => `채점 보고서: ${label}`,
  htmlTotal: (earned, points) => `합계: ${earned}/${points}점`,
  htmlVisibleOnly: " (공개 테스트만 실행; 비공개 테스트는 강사의 채점기에서 실행됩니다)",
  htmlRedFlags: (flags) => `주의 표시 (강사가 확인할 것): ${flags}`,
  htmlStubs: (names, _count, file, waiting) => `아직 구현하지 않음: ${names} (${file}에 작성하세요); 테스트 ${waiting}개가 기다리는 중.`,
  htmlOutputTail: "코드가 출력한 내용 (끝부분):",
  htmlSeed: (seed) => `seed ${seed}. `,
  htmlReplay: "재현:",

  notImplemented: (what, file) => `아직 구현하지 않음: ${what} (${file}에 작성하세요)`,
  fileMissing: (file) => `${file} 파일이 없습니다`,
  compileErrors: (file, count, errors, notShown) => `${file}의 타입 검사가 실패했습니다 (오류 ${count}개). 먼저 고치세요:\n${errors}${notShown > 0 ? `\n... 외 ${notShown}개` : ""}`,
  syntaxError: (file, text) => `${file}에 문법 오류가 있습니다: ${text}`,
  loadingFailed: (file, why) => `${file} 파일을 불러오지 못했습니다: ${why}`,
  missingExport: (file, name) => `${file}에 ${name} export가 없습니다. 테스트에는 \`export ... ${name}\`이 필요합니다`,
  exportNotCallable: (file, name, type) => `${file}에서 export한 ${name}의 타입이 ${type}입니다. 테스트에는 함수나 클래스가 필요합니다`,
  yourCodeThrew: (text) => `코드가 예외를 던졌습니다: ${text}`,
  nonErrorValue: (text) => `Error가 아닌 값 ${text}`,
  undescribableThrow: "코드가 설명할 수 없는 값을 던졌습니다. 그 값을 읽거나 출력하는 중에 다시 예외가 났습니다 (예외를 던지는 toString, getter, Proxy?)",
  accessDenied: (what) => `코드가 채점기에서 허용하지 않는 기능을 사용했습니다 (${what}). 과제 코드는 자기 폴더 밖의 파일을 읽거나 쓰지 않고, 프로세스를 시작하지 않습니다`,
  exitCalled: (call) => `코드가 ${call}을 호출했습니다. 프로토콜 코드는 프로세스를 끝내면 안 됩니다`,
  harness: (text, file) =>
    `채점기 자체의 코드가 예외를 던졌습니다: ${text}. 스택에 ${file}의 줄이 하나도 없으므로 여러분의 코드가 던진 예외가 아닙니다. ` +
    `테스트나 과정 코드에 버그가 있거나(재현 명령과 함께 강사에게 알려 주세요), 여러분의 코드가 쓸 수 없는 값을 넘겼을 수 있습니다 ` +
    `(함수가 반환하고 보내는 값을 계약과 비교해 보세요). 테스트가 끝까지 실행될 때까지 점수는 주지 않습니다.`,
  testCouldNotRun: (why) => `테스트를 끝까지 실행하지 못했습니다: ${why}`,
  timeout: (timeoutMs, running, file) =>
    `${running === undefined ? "" : `\`${running}\` 실행 중에 (${file}) `}실제 시간 ${timeoutMs} ms가 지나 시간 초과되었습니다 (이 테스트의 제한). 무한 루프나 끝나지 않는 핸들러가 있나요?`,
  residentMemory: (heldMb, limitMb) => `메모리가 부족합니다: 프로세스가 ${heldMb} MB를 차지했습니다 (Buffer 포함 전체 제한 ${limitMb} MB). 무언가가 끝없이 커지고 있습니다`,
  heapMemory: (limitMb) => `메모리가 부족합니다 (제한 ${limitMb} MB). 무언가가 끝없이 커지고 있습니다`,
  crashed: (code, signal, starting) => `${starting ? "시작하는" : "이 테스트를 실행하는"} 중에 테스트 프로세스가 종료되었습니다 (exit code ${code}, signal ${signal})`,
  crashedSilently: (starting) => `${starting ? "시작하는" : "이 테스트를 실행하는"} 중에 테스트 프로세스가 종료되었습니다 (응답 없음)`,
  outputLimit: (printedMb, limitMb) => `이 테스트에서 ${printedMb} MB를 출력했습니다 (제한 ${limitMb} MB). 루프와 핸들러에서 디버깅 출력을 지우세요`,
  globals: (changes) => `코드가 테스트가 의존하는 내장 객체를 바꿨습니다 (${changes}). 채점기가 원래대로 되돌렸습니다. 프로토콜 코드에서 전역 객체를 고치지 마세요.`,
  tampering: (changes) => `코드가 채점기나 과정의 코드를 바꿨습니다 (${changes}). 채점기가 원래대로 되돌렸습니다. 과제 코드는 과정의 클래스, 함수, 채점기 프로세스를 고치면 안 됩니다.`,
  sentToGrader: "코드가 채점기의 부모 프로세스에 메시지를 보냈습니다 (process.send). 과제 코드는 채점기와 통신하면 안 됩니다",
  killedParent: "코드가 테스트 프로세스의 부모를 종료시켰습니다 (process.kill(process.ppid)). 과제 코드는 다른 프로세스에 시그널을 보내면 안 됩니다",
  forgedInconclusive: "코드가 실행을 판정 불가로 보이게 하려고 채점기의 ReasonError를 던졌습니다. 과제 코드가 채점기 대신 말하면 안 됩니다",
  inconclusive: (premise) => `테스트 자체의 준비 단계가 의도대로 되지 않았습니다 (${premise}). 이 실행으로는 코드에 대해 알 수 있는 것이 없습니다`,
  failedWithoutReason: "이유 없이 실패했습니다",

  returnedInstead: (what, actual, expected) => `${what}의 반환값이 ${actual}입니다. 기댓값은 ${expected}입니다`,
  returnedWrongType: (what, actual, actualType, expected, expectedType) => `${what}의 반환값이 ${actual}(${actualType})입니다. 기댓값은 ${expected}(${expectedType})입니다`,
  typeName: (type) => (type === "null" ? "null" : type === "array" ? "배열" : `${type} 값`),
  shouldThrow: (what) => `${what}에서 예외가 발생해야 하는데 정상적으로 반환했습니다`,

  usage: `사용법: npm run grade <주차> [-- 옵션]
  <주차>              week0, week1, ... (또는 0, 1, ...), 또는 all
  --solutions         exercises/ 대신 참조 구현 solutions/를 채점
  --list              채점하지 않고 테스트 목록(id, 공개 여부, 점수, seed, 규칙, 확인하는 내용)만 출력
  --only TEXT         id에 TEXT가 들어간 테스트만 (예: week1.raft.initial-election);
                      HTML 보고서는 그 주차의 전체 보고서 옆에 재현 이름으로 저장
  --rule ID           과제 규칙 표의 규칙 ID를 나열한 테스트만; 여러 번 쓸 수 있음
  --seed N            무작위 테스트를 정확히 seed N으로 실행 (실패 재현)
  --seeds K           무작위 테스트마다 seed K개로 실행하고 통과율을 보고
  --visible-only      공개 테스트만
  --file EX=PATH      PATH를 과제 EX로 채점 (예: --file week0.quorum=my/quorum.ts)
  --format F          terminal (기본), json, gradescope, classroom, junit
  --out DIR           보고서를 출력하지 않고 DIR에 파일로 저장
  --lang L            채점기 설명의 언어: en (기본) 또는 ko;
                      COURSE_LANG=ko도 같음 (테스트 id, 값, seed는 그대로)
  --submissions DIR   강사용: DIR/<학생>/마다 채점 (안에 exercises/ 또는 weekN/)
  --jobs N            동시에 채점할 제출물 수 (기본 2)`,
  whichWeek: "어느 주차인가요? 예: `npm run grade week0`",
  oneWeekAtATime: (given) => `한 번에 한 주차만 채점합니다. 받은 값: ${given}`,
  unknownWeek: (given, weeks) => `"${given}" 주차는 없습니다. 이 과정에는 ${weeks} (또는 all)이 있습니다`,
  badFormat: (formats, given) => `--format은 ${formats} 중 하나여야 합니다. 받은 값: "${given}"`,
  noSuchTest: (text, example) => `id에 "${text}" 문자열이 들어간 테스트가 없습니다. id는 ${example}처럼 생겼습니다`,
  noSuchRule: (rule) => `"${rule}" 규칙을 나열한 테스트가 없습니다 (규칙은 grader/tests/weekN/<과제>.rules.md에 있습니다)`,
  badSeed: (why) => `--seed: ${why}`,
  notPositive: (flag, given) => `${flag}에는 양의 정수가 필요합니다. 받은 값: "${given}"`,
  badFileOverride: (given) => `--file에는 EXERCISE=PATH가 필요합니다 (예: week0.quorum=path/to/quorum.ts). 받은 값: "${given}"`,
  couldNotRun: (why) => `채점을 실행하지 못했습니다: ${why}`,
  typeChecking: (files) => `파일 ${files}개 타입 검사 중 ...`,
  grading: (done, total, what) => `채점 중 ${done}/${total} ${what}`,
  wrote: (file, earned, points) => `${file} 저장함 (${earned}/${points}점)`,
};
