package main

import (
	"context"
	"errors"
	"io"
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep serve arrives with a later issue")
}
