// Command ask is make run's tiny HTTP client: it waits for `tablerl serve
// --json` to write its addresses, asks one decision and prints the
// exchange as `curl -v` would show its essentials. It needs only Go, where
// curl may be missing.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	addrFile := flag.String("addr-file", "", "the file `tablerl serve --json` prints its addresses to")
	policy := flag.String("policy", "", "the policy to ask")
	body := flag.String("body", "", "the decide request's JSON")
	wait := flag.Duration("wait", 30*time.Second, "how long to wait for the server")
	flag.Parse()
	if err := ask(*addrFile, *policy, *body, *wait); err != nil {
		fmt.Fprintln(os.Stderr, "ask:", err)
		os.Exit(1)
	}
}

func ask(addrFile, policy, body string, wait time.Duration) error {
	var addrs struct {
		HTTP string `json:"http"`
	}
	deadline := time.Now().Add(wait)
	for {
		b, err := os.ReadFile(addrFile)
		if err == nil && json.Unmarshal(b, &addrs) == nil && addrs.HTTP != "" {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("the server did not start in time: " + addrFile + " holds no address")
		}
		time.Sleep(50 * time.Millisecond)
	}
	url := "http://" + addrs.HTTP + "/v1/policies/" + policy + "/decide"
	fmt.Printf("> POST %s\n> Content-Type: application/json\n>\n> %s\n", url, body)
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(url, "application/json", bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	fmt.Printf("< %s %s\n< Content-Type: %s\n<\n", resp.Proto, resp.Status, resp.Header.Get("Content-Type"))
	var pretty bytes.Buffer
	if json.Indent(&pretty, b, "", "  ") == nil {
		b = pretty.Bytes()
	}
	fmt.Printf("%s\n", bytes.TrimSpace(b))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	return nil
}
