package display

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/gojup/gojup/kernel/ipc"
)

// The worker reads these just before it sends an input_request for a read of os.Stdin
// (kernel/worker.EnvInputPrompt and EnvInputPassword): a prompt for the front end, and
// password input, shown as dots.
const (
	envInputPrompt   = "GOJUP_INPUT_PROMPT"
	envInputPassword = "GOJUP_INPUT_PASSWORD"
)

// inputMu keeps concurrent prompts from mixing their prompts and answers.
var inputMu sync.Mutex

// Input asks the user for a line, showing prompt, and returns it without the newline.
// In a notebook the front end shows an input box; elsewhere the prompt is printed and the
// line read from standard input. It returns io.EOF when no input can be had (the cell was
// run with input disabled, or standard input is closed).
//
//	name, err := display.Input("Your name: ")
func Input(prompt string) (string, error) { return readLine(prompt, false) }

// Password is like Input but the front end hides what is typed (a password box).
//
//	secret, err := display.Password("MongoDB password: ")
func Password(prompt string) (string, error) { return readLine(prompt, true) }

func readLine(prompt string, password bool) (string, error) {
	inputMu.Lock()
	defer inputMu.Unlock()
	if ipc.Default() != nil { // under a gojup kernel: the worker sends the input_request
		os.Setenv(envInputPrompt, prompt)
		if password {
			os.Setenv(envInputPassword, "1")
		}
		defer os.Unsetenv(envInputPrompt)
		defer os.Unsetenv(envInputPassword)
	} else {
		fmt.Fprint(os.Stderr, prompt)
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
