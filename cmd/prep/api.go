package main

import (
	"context"
	"errors"
	"io"
)

func cmdAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep api arrives with a later issue")
}
